//! Sessions: started by a successful authentication, listed while active, ended by a
//! revocation (which WorkOS records as `session.revoked`; a revoked session is listed no more).

use std::time::Duration;

use actionspec_emulator::{Call, Emulator, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::{emit, model, status};

/// How long a session lasts without being refreshed.
const SESSION_LIFETIME: Duration = Duration::from_secs(30 * 86_400);

/// Serves the session actions beyond the generic list.
pub(super) fn register(emulator: Emulator) -> Emulator {
    emulator.handler("workos_session_revoke", revoke)
}

/// A new active session of the user, recorded as `session.created`.
pub(super) fn start(
    store: &mut Store,
    user_id: &str,
    organization_id: Option<&str>,
    auth_method: &str,
    call: &Call,
) -> Result<Value, Failure> {
    let session = model(store, "Session")?;
    let expires = ids::OffsetDateTime::now_utc() + SESSION_LIFETIME;
    let mut fields = Map::new();
    fields.insert("user_id".to_owned(), json!(user_id));
    if let Some(organization_id) = organization_id {
        fields.insert("organization_id".to_owned(), json!(organization_id));
    }
    fields.insert("status".to_owned(), json!("active"));
    fields.insert("auth_method".to_owned(), json!(auth_method));
    fields.insert("ip_address".to_owned(), json!(call.str_arg("ip_address")));
    fields.insert("user_agent".to_owned(), json!(call.str_arg("user_agent")));
    fields.insert("expires_at".to_owned(), json!(ids::timestamp(expires)));
    let object = store.create(session, fields)?;
    store.emit("session.created", &object);
    Ok(object)
}

/// Whether the session exists and is active.
pub(super) fn active(store: &Store, session_id: &str) -> bool {
    store
        .get("Session", session_id)
        .is_some_and(|session| session["status"] == "active")
}

fn revoke(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let session = model(store, "Session")?;
    let id = call.str_arg("session_id").unwrap_or_default().to_owned();
    let mut changes = Map::new();
    changes.insert("status".to_owned(), json!("revoked"));
    changes.insert("ended_at".to_owned(), json!(ids::now()));
    let revoked = store.update(session, &id, changes)?;
    emit(store, call, &revoked);
    // Only active sessions are ever answered (there is no get), so a revoked one is dropped.
    store.delete(session, &id)?;
    Ok(Reply::empty(status(call)))
}
