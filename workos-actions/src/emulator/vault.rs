//! Vault: key-value objects whose every change is a new version, found by id or by unique
//! name, changed only while `version_check` names the current version; and data keys that
//! decrypt back to the key they were created with.
//!
//! Objects are stored as the `VaultObject` model (value included) with their versions beside
//! the model's fields. Data keys are not stored: their `encrypted_keys` carry the key masked
//! and sealed with a fixed key of the emulator (HMAC-SHA256). That is a local stand-in, not
//! WorkOS's cryptography: anyone with this source can unmask it, so it protects nothing.
//! Vault's events carry the actor and the object's name, never its value.

use actionspec_emulator::{Call, Failure, Reply, Store, ids};
use aws_lc_rs::{digest, hmac};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::listing::{by_id, page};
use super::{model, status};

/// The stored model of an object.
const OBJECT: &str = "VaultObject";
/// The key sealing data keys: a constant, as the scheme only has to round-trip.
const SEAL_KEY: &[u8] = b"actionspec emulator: vault data keys (not a secret)";
/// The first bytes of every `encrypted_keys`, so a foreign blob is told apart.
const BLOB_TAG: &[u8] = b"WOS.EMU.v1\0";
/// Who changes objects through the emulator's API.
const ACTOR_ID: &str = "key_emulator";
const ACTOR_NAME: &str = "Emulator API key";
const ENVIRONMENT_ID: &str = "environment_emulator";

/// `GET /vault/v1/kv`: names and ids, `search` matching part of the name.
fn list(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let search = call.str_arg("search").map(str::to_lowercase);
    let items = store
        .all(OBJECT)
        .into_iter()
        .filter(|object| {
            search.as_deref().is_none_or(|search| {
                object["name"]
                    .as_str()
                    .is_some_and(|name| name.to_lowercase().contains(search))
            })
        })
        .map(|object| {
            json!({
                "id": object["id"],
                "name": object["name"],
                "updated_at": object["metadata"]["updated_at"],
            })
        })
        .collect();
    emit(store, call, json!({}));
    Ok(page(store, call, items, by_id))
}

/// `POST /vault/v1/kv`: a new object and its first version; 409 for a name taken.
fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let stored = model(store, OBJECT)?;
    let name = call.str_arg("name").unwrap_or_default().to_owned();
    if find_by_name(store, &name).is_some() {
        return Err(Failure::new(
            409,
            "object_already_exists",
            format!("An object named '{name}' already exists."),
        ));
    }
    let value = call.str_arg("value").unwrap_or_default();
    let context = call
        .arg("key_context")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let id = uuid(store);
    let now = ids::now();
    let version = version(store, value, &now);
    let object = json!({
        "id": id,
        "name": name,
        "value": value,
        "metadata": {
            "id": id,
            "environment_id": ENVIRONMENT_ID,
            "key_id": key_id(&context),
            "context": context,
            "updated_at": now,
            "updated_by": { "id": ACTOR_ID, "name": ACTOR_NAME },
            "version_id": version["id"],
        },
        "versions": [version],
    });
    store.put(stored, &object);
    emit(
        store,
        call,
        json!({ "kv_name": name, "key_id": object["metadata"]["key_id"], "key_context": object["metadata"]["context"] }),
    );
    Ok(Reply::json(status(call), &object["metadata"]))
}

/// `GET /vault/v1/kv/{id}`: the value and metadata.
fn get(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let object = find(store, call)?;
    read(store, call, &object)
}

/// `GET /vault/v1/kv/name/{name}`.
fn get_by_name(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let name = call.str_arg("name").unwrap_or_default();
    let object = find_by_name(store, name).ok_or_else(|| Failure::not_found("Object", name))?;
    read(store, call, &object)
}

fn read(store: &mut Store, call: &Call, object: &Value) -> Result<Reply, Failure> {
    emit(
        store,
        call,
        json!({ "kv_name": object["name"], "key_id": object["metadata"]["key_id"] }),
    );
    let answer = json!({
        "id": object["id"],
        "name": object["name"],
        "value": object["value"],
        "metadata": object["metadata"],
    });
    Ok(Reply::json(status(call), &answer))
}

/// `GET /vault/v1/kv/{id}/metadata`: the object without its value.
fn describe(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let object = find(store, call)?;
    emit(store, call, json!({ "kv_name": object["name"] }));
    Ok(Reply::json(status(call), &without_value(&object)))
}

/// `PUT /vault/v1/kv/{id}`: a new version holding the new value.
fn update(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let stored = model(store, OBJECT)?;
    let mut object = find(store, call)?;
    check_version(call, &object)?;
    let value = call.str_arg("value").unwrap_or_default();
    let now = ids::now();
    let version = version(store, value, &now);
    let mut versions = versions(&object);
    for earlier in &mut versions {
        earlier["current_version"] = json!(false);
    }
    versions.push(version.clone());
    object["value"] = json!(value);
    object["metadata"]["updated_at"] = json!(now);
    object["metadata"]["updated_by"] = json!({ "id": ACTOR_ID, "name": ACTOR_NAME });
    object["metadata"]["version_id"] = version["id"].clone();
    object["versions"] = Value::Array(versions);
    store.put(stored, &object);
    emit(
        store,
        call,
        json!({ "kv_name": object["name"], "key_id": object["metadata"]["key_id"], "key_context": object["metadata"]["context"] }),
    );
    Ok(Reply::json(status(call), &without_value(&object)))
}

/// `DELETE /vault/v1/kv/{id}`: the object and every version.
fn delete(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let stored = model(store, OBJECT)?;
    let object = find(store, call)?;
    check_version(call, &object)?;
    store.delete(stored, &by_id(&object))?;
    emit(store, call, json!({ "kv_name": object["name"] }));
    let answer = json!({ "name": object["name"], "success": true });
    Ok(Reply::json(status(call), &answer))
}

/// `GET /vault/v1/kv/{id}/versions`: every version, newest first, in one page.
fn list_versions(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let object = find(store, call)?;
    let mut versions = versions(&object);
    versions.reverse();
    let answer = json!({
        "data": versions,
        "list_metadata": { "before": null, "after": null },
    });
    Ok(Reply::json(status(call), &answer))
}

/// `POST /vault/v1/keys/data-key`: a fresh key, and the key sealed with its context.
fn create_data_key(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let context = call.arg("context").cloned().unwrap_or_else(|| json!({}));
    let id = uuid(store);
    let key: [u8; 32] = std::array::from_fn(|_| fastrand::u8(..));
    emit(
        store,
        call,
        json!({ "key_ids": [id], "key_context": context }),
    );
    Ok(Reply::json(status(call), &data_key(&id, &key, &context)))
}

/// `POST /vault/v1/keys/decrypt`: the key an `encrypted_keys` holds.
fn decrypt_data_key(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (id, key, _) = unseal(call.str_arg("keys").unwrap_or_default())?;
    emit(store, call, json!({ "key_id": id }));
    let answer = json!({ "id": id, "data_key": STANDARD.encode(key) });
    Ok(Reply::json(status(call), &answer))
}

/// `POST /vault/v1/keys/rekey`: the same key, sealed with the new context.
fn rekey_data_key(_store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (id, key, _) = unseal(call.str_arg("encrypted_keys").unwrap_or_default())?;
    let context = call.arg("context").cloned().unwrap_or_else(|| json!({}));
    Ok(Reply::json(status(call), &data_key(&id, &key, &context)))
}

/// The object the call's `id` names, or 404.
fn find(store: &Store, call: &Call) -> Result<Value, Failure> {
    let id = call.str_arg("id").unwrap_or_default();
    store
        .get(OBJECT, id)
        .ok_or_else(|| Failure::not_found("Object", id))
}

fn find_by_name(store: &Store, name: &str) -> Option<Value> {
    store
        .all(OBJECT)
        .into_iter()
        .find(|object| object["name"] == name)
}

/// 409 when the call's `version_check` is not the current version.
fn check_version(call: &Call, object: &Value) -> Result<(), Failure> {
    match call.str_arg("version_check") {
        Some(expected) if object["metadata"]["version_id"] != expected => Err(Failure::new(
            409,
            "version_conflict",
            format!(
                "Version '{expected}' is not the current version of object '{}'.",
                object["id"].as_str().unwrap_or_default()
            ),
        )),
        _ => Ok(()),
    }
}

fn without_value(object: &Value) -> Value {
    json!({ "id": object["id"], "name": object["name"], "metadata": object["metadata"] })
}

/// The object's versions, oldest first; a seeded object without any has its current one.
fn versions(object: &Value) -> Vec<Value> {
    match &object["versions"] {
        Value::Array(versions) if !versions.is_empty() => versions.clone(),
        _ => {
            let value = object["value"].as_str().unwrap_or_default();
            vec![json!({
                "id": object["metadata"]["version_id"],
                "created_at": object["metadata"]["updated_at"],
                "current_version": true,
                "size": value.len(),
                "etag": etag(value),
            })]
        }
    }
}

fn version(store: &Store, value: &str, now: &str) -> Value {
    json!({
        "id": uuid(store),
        "created_at": now,
        "current_version": true,
        "size": value.len(),
        "etag": etag(value),
    })
}

/// The first 16 bytes of the value's SHA-256, in hex.
fn etag(value: &str) -> String {
    hex(&digest::digest(&digest::SHA256, value.as_bytes()).as_ref()[..16])
}

/// The same key id for the same context, whatever its order.
fn key_id(context: &Value) -> String {
    let sorted: std::collections::BTreeMap<String, Value> = context
        .as_object()
        .map(|map| map.clone().into_iter().collect())
        .unwrap_or_default();
    let text = serde_json::to_string(&sorted).unwrap_or_default();
    let hash = digest::digest(&digest::SHA256, text.as_bytes());
    uuid_text(&hash.as_ref()[..16])
}

/// A new id in Vault's form (a UUID), in creation order: the bits of a fresh ULID.
fn uuid(store: &Store) -> String {
    let ulid = store.new_prefixed_id("");
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits = ulid.bytes().fold(0_u128, |bits, c| {
        let digit = ALPHABET.iter().position(|a| *a == c).unwrap_or(0) as u128;
        (bits << 5) | digit
    });
    uuid_text(&bits.to_be_bytes())
}

fn uuid_text(bytes: &[u8]) -> String {
    let hex = hex(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A data key's answer: the key, and the key sealed with its id and context.
fn data_key(id: &str, key: &[u8; 32], context: &Value) -> Value {
    let context_text = context.to_string();
    let mask = mask(id, &context_text);
    let mut blob = BLOB_TAG.to_vec();
    blob.extend_from_slice(id.as_bytes());
    blob.push(0);
    blob.extend_from_slice(context_text.as_bytes());
    blob.push(0);
    blob.extend(key.iter().zip(mask).map(|(byte, mask)| byte ^ mask));
    let seal = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, SEAL_KEY), &blob);
    blob.extend_from_slice(seal.as_ref());
    json!({
        "id": id,
        "data_key": STANDARD.encode(key),
        "encrypted_keys": STANDARD.encode(blob),
        "context": context,
    })
}

/// The id, key and context an `encrypted_keys` holds; 400 for one the emulator did not seal.
fn unseal(encrypted: &str) -> Result<(String, [u8; 32], Value), Failure> {
    let invalid = || Failure::bad_request("The encrypted keys are not valid.");
    let blob = STANDARD.decode(encrypted.trim()).map_err(|_| invalid())?;
    let (sealed, seal) = blob
        .split_at_checked(blob.len().wrapping_sub(32))
        .ok_or_else(invalid)?;
    hmac::verify(&hmac::Key::new(hmac::HMAC_SHA256, SEAL_KEY), sealed, seal)
        .map_err(|_| invalid())?;
    let rest = sealed.strip_prefix(BLOB_TAG).ok_or_else(invalid)?;
    let (masked, head) = rest
        .split_last_chunk::<32>()
        .map(|(head, masked)| (*masked, head))
        .ok_or_else(invalid)?;
    let mut parts = head.splitn(3, |byte| *byte == 0);
    let id = std::str::from_utf8(parts.next().ok_or_else(invalid)?).map_err(|_| invalid())?;
    let context_text =
        std::str::from_utf8(parts.next().ok_or_else(invalid)?).map_err(|_| invalid())?;
    let context = serde_json::from_str(context_text).map_err(|_| invalid())?;
    let mask = mask(id, context_text);
    let key = std::array::from_fn(|at| masked[at] ^ mask[at]);
    Ok((id.to_owned(), key, context))
}

/// 32 bytes derived from the data key's id and context.
fn mask(id: &str, context: &str) -> [u8; 32] {
    let tag = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, SEAL_KEY),
        format!("mask\0{id}\0{context}").as_bytes(),
    );
    let mut mask = [0; 32];
    mask.copy_from_slice(tag.as_ref());
    mask
}

/// Records the action's event: the actor, and what `about` says of the object (never its
/// value or a key).
fn emit(store: &mut Store, call: &Call, about: Value) {
    let Some(event) = call.action.emits else {
        return;
    };
    let mut data = Map::new();
    data.insert("actor_id".to_owned(), json!(ACTOR_ID));
    data.insert("actor_name".to_owned(), json!(ACTOR_NAME));
    data.insert("actor_source".to_owned(), json!("api"));
    if let Value::Object(about) = about {
        data.extend(about);
    }
    store.emit(event, &Value::Object(data));
}

/// Vault's handlers.
pub(super) fn register(emulator: actionspec_emulator::Emulator) -> actionspec_emulator::Emulator {
    emulator
        .handler("workos_vault_objects_list", list)
        .handler("workos_vault_object_create", create)
        .handler("workos_vault_object_get", get)
        .handler("workos_vault_object_get_by_name", get_by_name)
        .handler("workos_vault_object_describe", describe)
        .handler("workos_vault_object_update", update)
        .handler("workos_vault_object_delete", delete)
        .handler("workos_vault_object_versions_list", list_versions)
        .handler("workos_vault_data_key_create", create_data_key)
        .handler("workos_vault_data_key_decrypt", decrypt_data_key)
        .handler("workos_vault_data_key_rekey", rekey_data_key)
}
