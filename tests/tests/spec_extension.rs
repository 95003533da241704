//! Adding an action is a spec edit only: a copy of the catalog gains a new read action, the
//! generator regenerates the client into a scratch crate, and code calling the new method builds
//! and runs against a loopback server. No hand-written Rust is touched.

mod support;

use support::scratch;

const NEW_ACTION: &str = r#"
actions:
  workos_organization_lookup_by_external_id:
    summary: Get an organization by its external id
    description: Looks up the organization whose `external_id` you set at creation.
    resource: organization
    operation: get
    access: read
    method: GET
    path: /organizations/external_id/{external_id}
    params:
      external_id: { in: path, type: string, max_length: 128, doc: "Your own id for the organization." }
    returns: Organization
"#;

/// Calls the new method against a one-shot loopback server and checks what crossed the wire.
const CALLER: &str = r##"
use std::io::{BufRead, BufReader, Write};

#[tokio::test]
async fn the_new_action_is_callable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let body = r#"{"object":"organization","id":"org_1","name":"Acme","external_id":"ext/1","domains":[],"metadata":{},"allow_profiles_outside_organization":false,"created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}"#;
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
            body.len(),
            body
        )
        .unwrap();
        request_line
    });

    let client: workos_client::Client = workos_client::Client::builder()
        .api_key("sk_test_extension")
        .base_url(&base_url)
        .build()
        .unwrap()
        .into();
    let organization = client
        .organization_lookup_by_external_id(
            workos_client::params::OrganizationLookupByExternalIdParams::new("ext/1"),
        )
        .await
        .unwrap();
    assert_eq!(organization.id, "org_1");
    assert_eq!(organization.name, "Acme");
    let request_line = server.join().unwrap();
    assert_eq!(request_line.trim_end(), "GET /organizations/external_id/ext%2F1 HTTP/1.1");
    assert!(workos_client::descriptors::API.action("workos_organization_lookup_by_external_id").is_some());
}
"##;

#[test]
fn a_new_read_action_needs_only_a_spec_edit() {
    let folder = tempfile::tempdir().unwrap();
    // A copy of the catalog, plus one file with the new action.
    let spec = folder.path().join("spec");
    scratch::copy_catalog(&spec);
    std::fs::write(spec.join("zz_extension.yaml"), NEW_ACTION).unwrap();
    scratch::build_and_call(folder.path(), &spec, CALLER);
}
