//! `workos-actions demo`, the README's first command, as a new user runs it: without a key
//! against the emulator it starts itself, and with a key (here pointed at an emulator standing in
//! for WorkOS) writes only with `--yes` when no terminal can ask.

use std::process::{Command, Output};

fn demo(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_workos-actions"));
    command
        .arg("demo")
        .args(args)
        .env_remove("WORKOS_API_KEY")
        .env_remove("WORKOS_BASE_URL");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn without_a_key_the_session_runs_against_a_local_emulator() {
    let output = demo(&[], &[]);
    let text = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains("local WorkOS emulator at http://127.0.0.1:"),
        "{text}"
    );
    for step in 1..=6 {
        assert!(
            text.contains(&format!("==> {step}.")),
            "step {step} missing:\n{text}"
        );
    }
    // The seed's organizations are listed; each write shows its exact request first.
    assert!(text.contains("Acme Corp"), "{text}");
    assert!(
        text.contains("workos_organization_create is a write. It will send:"),
        "{text}"
    );
    assert!(text.contains("POST http://127.0.0.1:"), "{text}");
    assert!(text.contains("\"role_slug\": \"member\""), "{text}");
    assert!(
        text.contains("workos_organization_delete is a destructive write"),
        "{text}"
    );
    // Paging follows the cursor; both errors read as the runtime writes them.
    assert!(text.contains("page 2:"), "{text}");
    assert!(text.contains("kind not_found, status 404"), "{text}");
    assert!(
        text.contains("kind invalid_arguments, status nothing sent"),
        "{text}"
    );
    assert!(
        text.contains("$.limit: is 500; must be at most 100"),
        "{text}"
    );
    assert!(!text.contains("sk_test_demo"), "the key is never printed");
}

#[test]
fn with_a_key_writes_need_a_terminal_or_yes() {
    let running = workos_actions::emulator::emulator(true)
        .api_key("sk_test_standin")
        .start("127.0.0.1:0")
        .expect("the emulator starts");
    let env = [
        ("WORKOS_API_KEY", "sk_test_standin"),
        ("WORKOS_BASE_URL", running.base_url()),
    ];

    let refused = demo(&[], &env);
    let text = stdout(&refused);
    assert_eq!(refused.status.code(), Some(0), "{text}");
    assert!(
        text.contains("WORKOS_API_KEY is set: this session talks to WorkOS"),
        "{text}"
    );
    assert!(
        text.contains("not sent: workos_organization_create: write refused"),
        "{text}"
    );
    assert!(text.contains("--yes"), "{text}");
    assert!(
        !text.contains("==> 3."),
        "steps after a refused write are skipped:\n{text}"
    );
    let organizations = running.with_store(|store| store.count("Organization"));

    let allowed = demo(&["--yes"], &env);
    let text = stdout(&allowed);
    assert_eq!(allowed.status.code(), Some(0), "{text}");
    assert!(text.contains("created org_"), "{text}");
    assert!(text.contains("deleted org_"), "{text}");
    assert_eq!(
        running.with_store(|store| store.count("Organization")),
        organizations,
        "the session deletes what it created"
    );
    for output in [&refused, &allowed] {
        let all = format!(
            "{}{}",
            stdout(output),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!all.contains("sk_test_standin"), "the key is never printed");
    }
    running.stop();
}
