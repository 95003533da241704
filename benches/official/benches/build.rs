//! Build time per operation: the official `workos` crate against the generated client.
//!
//! Each round builds both crates once, in rotating order, non-incremental debug builds
//! (`CARGO_INCREMENTAL=0`) of the crate alone, its dependencies already built, in a target
//! folder of its own (`target/bench-build` of this bench crate): `cargo clean -p <crate>`, then
//! a timed `cargo build -p <crate>`. The time per operation divides by the number of
//! operations: the official crate's API methods (each `pub async fn` of its `resources`, the
//! `_with_options` variants not counted) and the generated crate's catalog actions.
//!
//! Target: the generated crate's time per action at most half the official crate's time per
//! operation.
//!
//! Run with `cargo bench --manifest-path benches/official/Cargo.toml --bench build`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;
const TARGET: f64 = 0.5;

struct Bench {
    manifest_dir: PathBuf,
    target_dir: PathBuf,
    cargo: String,
}

impl Bench {
    fn cargo(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.cargo);
        command
            .args(args)
            .arg("--quiet")
            .arg("--target-dir")
            .arg(&self.target_dir)
            .current_dir(&self.manifest_dir)
            .env("CARGO_INCREMENTAL", "0");
        command
    }

    fn run(&self, args: &[&str]) {
        let status = self.cargo(args).status().expect("cargo runs");
        assert!(status.success(), "cargo {args:?} succeeds");
    }

    /// One non-incremental build of `package` alone; answers its wall time.
    fn build(&self, package: &str) -> Duration {
        self.run(&["clean", "--package", package]);
        let started = Instant::now();
        self.run(&["build", "--package", package]);
        started.elapsed()
    }

    /// The source folder of the `workos` package, from `cargo metadata`.
    fn official_source(&self) -> PathBuf {
        let output = Command::new(&self.cargo)
            .args(["metadata", "--format-version", "1"])
            .current_dir(&self.manifest_dir)
            .output()
            .expect("cargo metadata runs");
        assert!(output.status.success(), "cargo metadata succeeds");
        let metadata: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("cargo metadata answers JSON");
        let manifest = metadata["packages"]
            .as_array()
            .expect("a package list")
            .iter()
            .find(|package| package["name"] == "workos")
            .and_then(|package| package["manifest_path"].as_str())
            .expect("the workos package");
        Path::new(manifest)
            .parent()
            .expect("a manifest folder")
            .to_path_buf()
    }
}

/// The official crate's operations: each `pub async fn` of its resources, `_with_options`
/// variants left out.
fn official_operations(source: &Path) -> usize {
    let folder = source.join("src/resources");
    let mut count = 0;
    for entry in std::fs::read_dir(&folder).expect("the resources folder") {
        let path = entry.expect("a folder entry").path();
        if path.extension().is_some_and(|extension| extension == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            count += text
                .lines()
                .filter(|line| line.contains("pub async fn ") && !line.contains("_with_options"))
                .count();
        }
    }
    count
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort_unstable();
    values[values.len() / 2]
}

fn main() {
    if !std::env::args().any(|argument| argument == "--bench") {
        return;
    }
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bench = Bench {
        target_dir: manifest_dir.join("target/bench-build"),
        manifest_dir,
        cargo: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()),
    };
    let operations = official_operations(&bench.official_source());
    let actions = workos_client::descriptors::API.actions.len();
    // Dependencies first, untimed.
    bench.run(&["build", "--package", "workos", "--package", "workos-client"]);

    let mut official = Vec::new();
    let mut generated = Vec::new();
    let mut per_round = Vec::new();
    for round in 0..ROUNDS {
        let (a, b) = if round % 2 == 0 {
            let a = bench.build("workos");
            (a, bench.build("workos-client"))
        } else {
            let b = bench.build("workos-client");
            (bench.build("workos"), b)
        };
        let ratio = (b.as_secs_f64() / actions as f64) / (a.as_secs_f64() / operations as f64);
        println!(
            "round {}: official {:.2} s, generated {:.2} s, per-operation ratio {ratio:.3}",
            round + 1,
            a.as_secs_f64(),
            b.as_secs_f64()
        );
        official.push(a);
        generated.push(b);
        per_round.push(ratio);
    }
    let (official, generated) = (median(official), median(generated));
    let per_operation = official.as_secs_f64() * 1000.0 / operations as f64;
    let per_action = generated.as_secs_f64() * 1000.0 / actions as f64;
    let ratio = per_action / per_operation;
    let low = per_round.iter().copied().fold(f64::INFINITY, f64::min);
    let high = per_round.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    println!("\nsummary (this run; {ROUNDS} interleaved rounds, medians):");
    println!(
        "official crate: {:.2} s for {operations} operations, {per_operation:.1} ms per operation",
        official.as_secs_f64()
    );
    println!(
        "generated crate: {:.2} s for {actions} actions, {per_action:.1} ms per action",
        generated.as_secs_f64()
    );
    println!(
        "generated per action / official per operation: {ratio:.3} (target <= {TARGET}) {}; rounds {low:.3} to {high:.3}",
        if ratio <= TARGET { "ok" } else { "MISSED" }
    );
}
