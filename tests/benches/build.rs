//! How long the generated crate takes to build: a non-incremental debug build of
//! `workos-client` alone, its dependencies already built, as a user's first build of it after a
//! change of catalog would be.
//!
//! Target: at most 48 ms per action of the catalog (the official `workos` crate takes 143 ms
//! per operation on the machine the target was set on, progenitor's output 289 ms).
//!
//! Each sample touches `generated/src/lib.rs` and runs `cargo build -p workos-client` with
//! `CARGO_INCREMENTAL=0` in a target folder of its own (`target/bench-build`, whose
//! dependencies the first, untimed build compiles), so cargo's own start-up is counted as a
//! user would see it. Run with `cargo bench -p workspace-tests --bench build`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use criterion::Criterion;

const TARGET_MS_PER_ACTION: f64 = 48.0;

struct Workspace {
    root: PathBuf,
    target_dir: PathBuf,
}

impl Workspace {
    fn new() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .canonicalize()
            .expect("the workspace folder");
        let target_dir = root.join("target/bench-build");
        Self { root, target_dir }
    }

    /// One build of the generated crate after touching its root file; answers its wall time.
    fn build(&self) -> Duration {
        let lib = self.root.join("generated/src/lib.rs");
        std::fs::File::options()
            .append(true)
            .open(&lib)
            .and_then(|file| file.set_modified(SystemTime::now()))
            .expect("generated/src/lib.rs can be touched");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let started = Instant::now();
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--package",
                "workos-client",
                "--target-dir",
            ])
            .arg(&self.target_dir)
            .current_dir(&self.root)
            .env("CARGO_INCREMENTAL", "0")
            .status()
            .expect("cargo runs");
        let elapsed = started.elapsed();
        assert!(status.success(), "the generated crate builds");
        elapsed
    }
}

fn main() {
    let workspace = Workspace::new();
    // Dependencies, and one build of the crate itself, before anything is timed.
    workspace.build();

    let actions = workos_client::descriptors::API.actions.len();
    let mut samples = Vec::new();
    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(20));
    criterion.bench_function("build_generated_crate", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let took = workspace.build();
                samples.push(took);
                total += took;
            }
            total
        })
    });
    criterion.final_summary();

    // `cargo test --benches` runs each benchmark once as a test; the summary is for `cargo bench`.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    samples.sort();
    let median = samples[samples.len() / 2];
    let per_action = median.as_secs_f64() * 1000.0 / actions as f64;
    println!("\nsummary (this run):");
    println!(
        "build of the generated crate: median {:.2} s over {} builds (fastest {:.2} s, slowest {:.2} s)",
        median.as_secs_f64(),
        samples.len(),
        samples[0].as_secs_f64(),
        samples[samples.len() - 1].as_secs_f64(),
    );
    println!(
        "per action: {per_action:.0} ms for {actions} actions (target <= {TARGET_MS_PER_ACTION} ms) {}",
        if per_action <= TARGET_MS_PER_ACTION {
            "ok"
        } else {
            "MISSED"
        }
    );
}
