//! `workos-actions emulator` as a user starts it: the base URL is the first line of stdout,
//! the seed answers, `--api-key` is the only key accepted, and `--fault` and `--rate-limit`
//! rules hold from the first request.

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
            "--fault",
            "workos_organization_get=503@1",
            "--rate-limit",
            "workos_users_list=1/60",
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

    // The faults and limits given on the command line hold from the first request.
    let get = http
        .get(format!("{base_url}/organizations/org_whatever"))
        .bearer_auth("sk_test_cli")
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 503);
    let users = || {
        http.get(format!("{base_url}/user_management/users"))
            .bearer_auth("sk_test_cli")
            .send()
    };
    assert_eq!(users().await.unwrap().status(), 200);
    let limited = users().await.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}

#[test]
fn rules_naming_no_action_are_refused_before_serving() {
    for args in [
        ["--fault", "workos_nothing=503@1"],
        ["--rate-limit", "workos_nothing=1/1"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_workos-actions"))
            .arg("emulator")
            .args(args)
            .output()
            .expect("the binary runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("`workos_nothing` is not an available action"),
            "{stderr}"
        );
    }
    let bad = Command::new(env!("CARGO_BIN_EXE_workos-actions"))
        .args(["emulator", "--fault", "503"])
        .output()
        .expect("the binary runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("FAULT@PROBABILITY"));
}
