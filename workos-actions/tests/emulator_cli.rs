//! `workos-actions emulator` as a user starts it: the base URL is the first line of stdout,
//! the seed answers, and `--api-key` is the only key accepted.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the emulator when the test ends, passed or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_emulator_subcommand_prints_its_url_and_serves_the_seed() {
    let child = Command::new(env!("CARGO_BIN_EXE_workos-actions"))
        .args([
            "emulator",
            "--port",
            "0",
            "--seed",
            "demo",
            "--api-key",
            "sk_test_cli",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    let base_url = first.trim();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{first:?}");

    let http = reqwest::Client::new();
    let organizations = |key: &'static str| {
        http.get(format!("{base_url}/organizations"))
            .bearer_auth(key)
            .send()
    };
    let page: serde_json::Value = organizations("sk_test_cli")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|org| org["name"].as_str())
        .collect();
    assert!(names.contains(&"Acme Corp"), "{names:?}");
    assert_eq!(organizations("sk_test_other").await.unwrap().status(), 401);
}
