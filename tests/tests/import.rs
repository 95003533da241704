//! `codegen import`: entries printed from an OpenAPI document (the drift report's fixture,
//! never the vendor's own) are added to a copy of the catalog one after the other, as a
//! maintainer would, and the client regenerated from it builds and sends the expected requests:
//! a list with a filter, a create with a nested body model, an enum, a path with two
//! parameters.

mod support;

use std::path::Path;

use support::scratch;

/// Operations of the fixture, each printed against the catalog as the ones before left it.
const OPERATIONS: [&str; 4] = [
    "listWidgets",
    "createWidget",
    "GET /widgets/{widget}/parts/{part}",
    "getWidget",
];

const CALLER: &str = r##"
use std::io::{BufRead, BufReader, Read, Write};

use workos_client::{models, params};

/// Answers each request with the next body and returns what it received: each request line,
/// with its JSON body (null when it had none).
fn serve(
    listener: std::net::TcpListener,
    answers: Vec<(u16, &'static str)>,
) -> Vec<(String, serde_json::Value)> {
    let mut seen = Vec::new();
    for (status, answer) in answers {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut request_body = vec![0; length];
        reader.read_exact(&mut request_body).unwrap();
        let body = if request_body.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_slice(&request_body).unwrap()
        };
        seen.push((request_line.trim_end().to_owned(), body));
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 {status} OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
            answer.len(),
            answer
        )
        .unwrap();
    }
    seen
}

const WIDGET: &str = r#"{"object":"widget","id":"w1","name":"Gear","color":"purple","weight":null,"parts":[{"name":"bolt","count":2}],"labels":{"a":"b"},"created_at":"2026-01-01T00:00:00.000Z"}"#;
/// A widget that holds another (the model refers to itself).
const CHILD: &str = r#"{"name":"Cog","parent":{"name":"Gear","parent":null},"parts":[{"name":"bolt","count":2}]}"#;

#[tokio::test]
async fn the_imported_actions_are_callable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let page: &'static str = Box::leak(
        format!(r#"{{"object":"list","data":[{WIDGET}],"list_metadata":{{"before":null,"after":null}}}}"#)
            .into_boxed_str(),
    );
    let server = std::thread::spawn(move || {
        serve(
            listener,
            vec![
                (200, page),
                (201, WIDGET),
                (200, r#"{"name":"bolt","count":2}"#),
                (200, CHILD),
            ],
        )
    });
    let client: workos_client::Client = workos_client::Client::builder()
        .api_key("sk_test_import")
        .base_url(&base_url)
        .build()
        .unwrap()
        .into();

    let page = client
        .widgets_list(params::WidgetsListParams::new().color(models::Color::Red).limit(2))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].color, Some(models::Color::Purple));
    let created = client
        .widget_create(
            params::WidgetCreateParams::new("Gear")
                .size(3)
                .part(models::Part::new().name("bolt").count(2)),
        )
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("w1"));
    let part = client
        .part_get(params::PartGetParams::new("w/1", "p1"))
        .await
        .unwrap();
    assert_eq!(part.count, Some(2));
    let widget = client
        .widget_get(params::WidgetGetParams::new("w1", "parts"))
        .await
        .unwrap();
    assert_eq!(widget.parts.unwrap()[0].name.as_deref(), Some("bolt"));
    let parent = widget.parent.expect("the parent widget");
    assert_eq!(parent.name, "Gear");
    assert!(parent.parent.is_none());

    let seen = server.join().unwrap();
    let none = serde_json::Value::Null;
    let created = serde_json::json!({"name": "Gear", "size": 3, "part": {"name": "bolt", "count": 2}});
    let expected = [
        ("GET /widgets?color=red&limit=2 HTTP/1.1", &none),
        ("POST /widgets HTTP/1.1", &created),
        ("GET /widgets/w%2F1/parts/p1 HTTP/1.1", &none),
        ("GET /widgets/w1?expand=parts HTTP/1.1", &none),
    ];
    assert_eq!(seen.len(), expected.len());
    for ((line, body), (expected_line, expected_body)) in seen.iter().zip(expected) {
        assert_eq!(line, expected_line);
        assert_eq!(body, expected_body, "{line}");
    }
}
"##;

#[test]
fn imported_entries_generate_a_client_that_sends_the_requests() {
    let root = scratch::workspace_root();
    let document = actionspec_openapi::document::Document::read(
        &root.join("openapi/tests/fixtures/openapi/v31.yaml"),
    )
    .and_then(|document| document.operations())
    .unwrap_or_else(|error| panic!("{error}"));
    let folder = tempfile::tempdir().unwrap();
    let spec = folder.path().join("spec");
    scratch::copy_catalog(&spec);
    for (index, selector) in OPERATIONS.into_iter().enumerate() {
        let entry = import(&spec, &document, selector);
        insta::assert_snapshot!(format!("entry_{index}"), entry);
        std::fs::write(spec.join(format!("zz_import_{index}.yaml")), entry).unwrap();
    }
    scratch::build_and_call(folder.path(), &spec, CALLER);
}

/// The entry `codegen import` prints for `selector`, against the catalog in `spec` as it is now.
fn import(
    spec: &Path,
    operations: &[actionspec_openapi::document::Operation],
    selector: &str,
) -> String {
    let catalog =
        actionspec_catalog::load::load_paths(&[spec.to_path_buf()]).unwrap_or_else(|diagnostics| {
            panic!("the catalog is invalid before {selector}:\n{diagnostics}")
        });
    let operation = actionspec_openapi::import::find(operations, selector).unwrap();
    actionspec_openapi::import::entry(&catalog, operation, None).unwrap()
}
