//! The emulator over the shared test catalog's stored table: nothing here knows WorkOS.

use std::sync::OnceLock;

use actionspec_emulator::{Emulator, Failure, Reply, Running, SetupError};
use actionspec_test_catalog::store::API;
use serde_json::{Value, json};

const KEY: &str = "only-this-key";

fn running() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        Emulator::new(&API)
            .api_key(KEY)
            .handler("t_thing_poke", |store, call| {
                let id = call.target_id().unwrap_or_default();
                let thing = store
                    .get("Thing", id)
                    .ok_or_else(|| Failure::not_found("Thing", id))?;
                Ok(Reply::json(200, &json!({"poked": thing["id"]})))
            })
            .start("127.0.0.1:0")
            .unwrap()
    })
}

async fn send(method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", running().base_url()))
        .bearer_auth(KEY);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status().as_u16();
    let text = answer.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn create(name: &str, tags: &[&str]) -> Value {
    let (status, thing) = send(
        reqwest::Method::POST,
        "/things",
        Some(json!({"name": name, "tags": tags})),
    )
    .await;
    assert_eq!(status, 201, "{thing}");
    thing
}

#[tokio::test]
async fn only_the_configured_key_is_accepted() {
    let url = format!("{}/things", running().base_url());
    for key in ["tk_any", "only-this-key-not"] {
        let answer = reqwest::Client::new()
            .get(&url)
            .bearer_auth(key)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 401);
    }
    let (status, _) = send(reqwest::Method::GET, "/things", None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn objects_get_ids_timestamps_and_defaults() {
    let thing = create("lamp", &["a"]).await;
    let id = thing["id"].as_str().unwrap();
    assert!(id.starts_with("thing_") && id.len() == 6 + 26);
    assert_eq!(thing["object"], "thing");
    assert_eq!(thing["kind"], "big");
    assert_eq!(thing["note"], Value::Null);
    let created = thing["created_at"].as_str().unwrap();
    assert_eq!(created.len(), "2026-11-29T10:39:03.123Z".len());
    assert!(created.ends_with('Z'));
    let (status, read) = send(reqwest::Method::GET, &format!("/things/{id}"), None).await;
    assert_eq!((status, &read), (200, &thing));
}

#[tokio::test]
async fn filters_match_contains_lists_and_links_through_another_model() {
    let red = create("red fox", &["filters-test", "red"]).await;
    let blue = create("Blue Fox", &["filters-test"]).await;
    let (status, part) = send(
        reqwest::Method::POST,
        "/parts",
        Some(json!({"thing_id": blue["id"], "label": "tail"})),
    )
    .await;
    assert_eq!(status, 201, "{part}");
    let (_, page) = send(reqwest::Method::GET, "/things?search=FOX&order=asc", None).await;
    let names: Vec<&Value> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["name"])
        .collect();
    assert_eq!(names, [&red["name"], &blue["name"]]);
    let (_, page) = send(reqwest::Method::GET, "/things?tags=red,nothing", None).await;
    assert_eq!(page["data"][0]["id"], red["id"]);
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    let (_, page) = send(reqwest::Method::GET, "/things?part_label=tail", None).await;
    assert_eq!(page["data"][0]["id"], blue["id"]);
    // The nested list, and its missing parent.
    let (_, parts) = send(
        reqwest::Method::GET,
        &format!("/things/{}/parts", blue["id"].as_str().unwrap()),
        None,
    )
    .await;
    assert_eq!(parts["data"][0]["label"], "tail");
    let (status, missing) = send(reqwest::Method::GET, "/things/thing_nope/parts", None).await;
    assert_eq!(status, 404);
    assert_eq!(missing["code"], "no_such_object");
    assert_eq!(missing["message"], "Thing thing_nope does not exist.");
}

#[tokio::test]
async fn deletes_cascade_and_record_events() {
    let thing = create("doomed", &[]).await;
    let id = thing["id"].as_str().unwrap();
    let (status, part) = send(
        reqwest::Method::POST,
        "/parts",
        Some(json!({"thing_id": id, "label": "bolt"})),
    )
    .await;
    assert_eq!(status, 201);
    let (status, missing) = send(
        reqwest::Method::POST,
        "/parts",
        Some(json!({"thing_id": "thing_missing", "label": "bolt"})),
    )
    .await;
    assert_eq!(
        (status, missing["object_id"].as_str()),
        (404, Some("thing_missing"))
    );
    let (status, body) = send(reqwest::Method::DELETE, &format!("/things/{id}"), None).await;
    assert_eq!((status, body), (204, Value::Null));
    let part_id = part["id"].as_str().unwrap();
    assert!(running().with_store(|store| !store.exists("Part", part_id)));
    let (_, events) = send(reqwest::Method::GET, "/events?limit=100", None).await;
    let about_doomed: Vec<&str> = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| event["about"]["id"] == thing["id"])
        .map(|event| event["kind"].as_str().unwrap())
        .collect();
    assert_eq!(about_doomed, ["thing.deleted", "thing.created"]);
}

#[tokio::test]
async fn custom_handlers_serve_what_is_not_crud_and_bad_input_is_refused() {
    let thing = create("pokeable", &[]).await;
    let (status, poked) = send(
        reqwest::Method::POST,
        &format!("/things/{}/poke", thing["id"].as_str().unwrap()),
        Some(json!({})),
    )
    .await;
    assert_eq!((status, &poked["poked"]), (200, &thing["id"]));
    let (status, refused) = send(
        reqwest::Method::POST,
        "/things",
        Some(json!({"name": "far too long a name", "tags": "x"})),
    )
    .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "tags"]);
    let (status, _) = send(reqwest::Method::GET, "/nowhere", None).await;
    assert_eq!(status, 404);
}

#[test]
fn setup_refuses_unknown_actions_and_bad_seeds() {
    let error = Emulator::new(&API)
        .handler("t_no_such_action", |_, _| Ok(Reply::empty(204)))
        .start("127.0.0.1:0")
        .unwrap_err();
    assert!(matches!(error, SetupError::UnknownAction(_)), "{error}");
    let error = Emulator::new(&API)
        .seed(json!({"Gadget": []}))
        .start("127.0.0.1:0")
        .unwrap_err();
    assert!(error.to_string().contains("Gadget"), "{error}");
    let error = Emulator::new(&API)
        .seed(json!({"Part": [{"thing_id": "thing_missing", "label": "x"}]}))
        .start("127.0.0.1:0")
        .unwrap_err();
    assert!(error.to_string().contains("thing_missing"), "{error}");
}

#[tokio::test]
async fn a_page_without_a_limit_has_the_catalogs_default_size() {
    let thing = create("many parts", &[]).await;
    let id = thing["id"].as_str().unwrap();
    for label in ["a", "b", "c"] {
        let (status, _) = send(
            reqwest::Method::POST,
            "/parts",
            Some(json!({"thing_id": id, "label": label})),
        )
        .await;
        assert_eq!(status, 201);
    }
    let (_, page) = send(reqwest::Method::GET, &format!("/things/{id}/parts"), None).await;
    assert_eq!(page["data"].as_array().unwrap().len(), 2, "{page}");
    let (_, page) = send(
        reqwest::Method::GET,
        &format!("/things/{id}/parts?limit=3"),
        None,
    )
    .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 3, "{page}");
}

/// The codes are the test catalog's own (`api.protocol.errors.answers`), chosen unlike WorkOS's.
#[tokio::test]
async fn a_problem_answers_the_code_of_its_kind() {
    let codes = |body: &Value| -> Vec<String> {
        body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|error| error["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, refused) = send(reqwest::Method::POST, "/parts", Some(json!({}))).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(codes(&refused), ["missing", "missing"]);
    let (status, refused) = send(
        reqwest::Method::POST,
        "/things",
        Some(json!({"name": "missing: far too long"})),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(codes(&refused), ["bad_value"]);
    let (status, refused) = send(reqwest::Method::GET, "/things?limit=ten", None).await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(codes(&refused), ["bad_value"]);
}

#[tokio::test]
async fn query_text_is_typed_and_a_repeated_list_gathers_its_items() {
    let tagged = create("tag list", &["gather-a", "gather-b"]).await;
    for query in [
        "tags=gather-a,gather-b",
        "tags=gather-a&tags=gather-b",
        "tags=gather-a,&tags=gather-b&limit=%205",
    ] {
        let (status, page) = send(reqwest::Method::GET, &format!("/things?{query}"), None).await;
        assert_eq!(status, 200, "{query}: {page}");
        assert_eq!(page["data"][0]["id"], tagged["id"], "{query}: {page}");
    }
}

#[test]
fn a_handlers_own_list_pages_as_stored_lists_do() {
    use actionspec_emulator::{Call, Store};
    let store = Store::new(&API);
    let items: Vec<Value> = (1..=5).map(|n| json!({ "id": format!("x_{n}") })).collect();
    let key = |item: &Value| item["id"].as_str().unwrap().to_owned();
    let page = |args: Value| -> Value {
        let call = Call {
            action: API.action("t_things_list").unwrap(),
            args: args.as_object().unwrap().clone(),
        };
        serde_json::from_slice(&store.page(&call, items.clone(), key)).unwrap()
    };
    let ids = |page: &Value| -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Newest first by default, two a page, with the cursor of the next page only.
    let first = page(json!({"limit": 2}));
    assert_eq!(ids(&first), ["x_5", "x_4"]);
    assert_eq!(
        first["list_metadata"],
        json!({"before": null, "after": "x_4"})
    );
    let second = page(json!({"limit": 2, "after": "x_4"}));
    assert_eq!(ids(&second), ["x_3", "x_2"]);
    assert_eq!(
        second["list_metadata"],
        json!({"before": "x_3", "after": "x_2"})
    );
    let back = page(json!({"limit": 2, "before": "x_3"}));
    assert_eq!(ids(&back), ["x_5", "x_4"]);
    assert_eq!(
        back["list_metadata"],
        json!({"before": null, "after": "x_4"})
    );
    // Oldest first on asking; the last page has no next cursor.
    let ascending = page(json!({"limit": 3, "order": "asc", "after": "x_2"}));
    assert_eq!(ids(&ascending), ["x_3", "x_4", "x_5"]);
    assert_eq!(
        ascending["list_metadata"],
        json!({"before": "x_3", "after": null})
    );
}
