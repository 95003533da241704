//! How long generation takes, and how it grows with the catalog.
//!
//! Criterion measures the whole in-memory pipeline (load and validate the YAML, render every
//! file; nothing is written) on the real catalog and on synthetic catalogs of 500 and 5,000
//! actions. A summary then prints, from timings of this same run:
//!
//! - time(5,000 actions) / time(500 actions), target at most 12 (generation stays close to
//!   linear in the size of the catalog), from runs of the two sizes alternating, so that a
//!   change of load on a shared machine falls on both; the ratio of criterion's own samples,
//!   taken a minute apart, is printed beside it;
//! - the median wall time of the release binary's `codegen check` (load, validate, render and
//!   compare every file with `generated/`, no writes), process start included, target under
//!   100 ms.
//!
//! Run with `cargo bench -p codegen`. The binary timed is the one cargo builds for this bench
//! (`CARGO_BIN_EXE_codegen`, the bench profile, which is the release profile).

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use actionspec_catalog::load::{Source, load_sources};
use criterion::{Criterion, SamplingMode, Throughput};

/// Synthetic catalog sizes, in actions.
const SMALL: usize = 500;
const LARGE: usize = 5_000;

/// Largest allowed time(LARGE) / time(SMALL).
const RATIO_TARGET: f64 = 12.0;
/// Largest allowed median of `codegen check`, in milliseconds.
const BINARY_TARGET_MS: f64 = 100.0;
/// Criterion samples of the real catalog, and of each synthetic one (criterion's minimum).
const FULL_SAMPLES: usize = 50;
const SYNTHETIC_SAMPLES: usize = 10;
/// Runs of `codegen check` whose median is reported.
const BINARY_RUNS: usize = 20;

/// The real catalog, read once: every `*.yaml` of `spec/workos`, in file-name order, named as
/// the generator names them.
fn real_catalog() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let folder = root.join("spec/workos");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", folder.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| Source {
            name: format!(
                "spec/workos/{}",
                path.file_name().expect("a file name").to_string_lossy()
            ),
            text: std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display())),
        })
        .collect()
}

/// Actions of one synthetic resource: list, get, create, update, delete.
const ACTIONS_PER_RESOURCE: usize = 5;
/// Resources per synthetic file; the real catalog has a handful of actions per file too.
const RESOURCES_PER_FILE: usize = 5;

/// A catalog of `actions` actions written as YAML, shaped like the real one: an `api` file with
/// the pagination parameters and shared types, then files of a few resources each. A resource
/// has a model (scalars, a nullable field, a bounded map, a list of a shared model, an enum), its
/// own enum, and five actions with path, query and body parameters, limits and a constraint.
fn synthetic_catalog(actions: usize) -> Vec<Source> {
    assert_eq!(actions % ACTIONS_PER_RESOURCE, 0, "whole resources only");
    let resources = actions / ACTIONS_PER_RESOURCE;
    let mut sources = vec![Source {
        name: "bench/api.yaml".to_owned(),
        text: SYNTHETIC_API.to_owned(),
    }];
    let mut start = 0;
    while start < resources {
        let end = (start + RESOURCES_PER_FILE).min(resources);
        let mut text = String::from("actions:\n");
        for index in start..end {
            text.push_str(&resource_actions(index));
        }
        text.push_str("\nmodels:\n");
        for index in start..end {
            text.push_str(&resource_model(index));
        }
        text.push_str("\nenums:\n");
        for index in start..end {
            text.push_str(&resource_enum(index));
        }
        sources.push(Source {
            name: format!("bench/area_{:04}.yaml", start / RESOURCES_PER_FILE),
            text,
        });
        start = end;
    }
    sources
}

const SYNTHETIC_API: &str = r#"api:
  name: Bench
  base_url: https://api.example.com
  api_key_env: BENCH_API_KEY
  base_url_env: BENCH_BASE_URL
  request_id_header: X-Request-ID
  action_prefix: bench_
  pagination:
    cursor_param: after
    limit_param: limit
    items_field: data
    next_cursor: list_metadata.after
    params:
      before: { in: query, type: string, doc: "Cursor: the first id of the page after the one wanted." }
      after: { in: query, type: string, doc: "Cursor: the last id of the previous page." }
      limit: { in: query, type: integer, min: 1, max: 100, default: 10, doc: "Page size, 1 to 100." }
      order: { in: query, type: SortOrder, default: desc, doc: "Order by creation time." }

models:
  ListMetadata:
    doc: Cursors of a list page.
    fields:
      before: { type: string, nullable: true, doc: "Cursor of the previous page." }
      after: { type: string, nullable: true, doc: "Cursor of the next page; null on the last." }
  Label:
    doc: A label set on an object.
    fields:
      key: { type: string, min_length: 1, max_length: 40, doc: "Label key." }
      value: { type: string, max_length: 200, doc: "Label value." }

enums:
  SortOrder:
    doc: Order of a list by creation time.
    values: [asc, desc]
"#;

fn resource_actions(index: usize) -> String {
    let resource = format!("widget_{index}");
    let model = format!("Widget{index}");
    let state = format!("Widget{index}State");
    let path = format!("/widgets_{index}");
    format!(
        r#"  bench_{resource}s_list:
    summary: List widgets of kind {index}
    description: |
      Lists the widgets of kind {index}, newest first by default. Filter by state or by a search
      on the name; both narrow the list.
    resource: {resource}
    operation: list
    access: read
    method: GET
    path: {path}
    paginated: true
    params:
      search: {{ in: query, type: string, max_length: 100, doc: "Text matched against names." }}
      states: {{ in: query, type: "list<{state}>", max_items: 5, doc: "Only widgets in any of these states." }}
      owner_id: {{ in: query, type: string, doc: "Only widgets of this owner." }}
    returns: {model}

  bench_{resource}_get:
    summary: Get a widget of kind {index}
    resource: {resource}
    operation: get
    access: read
    method: GET
    path: {path}/{{id}}
    params:
      id: {{ in: path, type: string, doc: "Widget id (wdg_...)." }}
    returns: {model}

  bench_{resource}_create:
    summary: Create a widget of kind {index}
    description: Creates a widget; give its labels as a list or as a map, not both.
    resource: {resource}
    operation: create
    access: write
    method: POST
    path: {path}
    status: 201
    params:
      name: {{ in: body, type: string, required: true, min_length: 1, max_length: 200, doc: "Name of the widget." }}
      state: {{ in: body, type: {state}, doc: "Initial state." }}
      size: {{ in: body, type: integer, min: 1, max: 1000, default: 10, doc: "Size, 1 to 1,000." }}
      labels: {{ in: body, type: "list<Label>", max_items: 20, doc: "Labels as a list." }}
      metadata:
        in: body
        type: "map<string,string>"
        max_items: 50
        key_max_length: 40
        value_max_length: 600
        doc: Key/value pairs stored with the widget.
    constraints:
      - at_most_one: [labels, metadata]
    returns: {model}

  bench_{resource}_update:
    summary: Update a widget of kind {index}
    description: Changes only the fields you send.
    resource: {resource}
    operation: update
    access: write
    method: PUT
    path: {path}/{{id}}
    params:
      id: {{ in: path, type: string, doc: "Widget id (wdg_...)." }}
      name: {{ in: body, type: string, min_length: 1, max_length: 200, doc: "Name of the widget." }}
      state: {{ in: body, type: {state}, doc: "New state." }}
      ratio: {{ in: body, type: number, min: 0, max: 1, doc: "Share of the widget in use." }}
      enabled: {{ in: body, type: boolean, doc: "Whether the widget is enabled." }}
    returns: {model}

  bench_{resource}_delete:
    summary: Delete a widget of kind {index}
    description: Permanently deletes the widget; it cannot be undone.
    resource: {resource}
    operation: delete
    access: write
    method: DELETE
    path: {path}/{{id}}
    status: 204
    params:
      id: {{ in: path, type: string, doc: "Widget id (wdg_...)." }}

"#
    )
}

fn resource_model(index: usize) -> String {
    format!(
        r#"  Widget{index}:
    doc: A widget of kind {index}.
    object: widget_{index}
    id_prefix: wdg_
    fields:
      object: {{ type: string, doc: "Always `widget_{index}`." }}
      id: {{ type: string, doc: "Unique identifier of the widget." }}
      name: {{ type: string, doc: "Name of the widget." }}
      state: {{ type: Widget{index}State, doc: "State of the widget." }}
      size: {{ type: integer, required: false, doc: "Size of the widget." }}
      ratio: {{ type: number, required: false, doc: "Share of the widget in use." }}
      enabled: {{ type: boolean, doc: "Whether the widget is enabled." }}
      owner_id: {{ type: string, nullable: true, doc: "Owner of the widget, if any." }}
      labels: {{ type: "list<Label>", doc: "Labels of the widget." }}
      metadata: {{ type: "map<string,string>", max_items: 50, doc: "Key/value pairs of the widget." }}
      extra: {{ type: json, required: false, doc: "Free-form data." }}
      created_at: {{ type: timestamp, doc: "When the widget was created." }}
      updated_at: {{ type: timestamp, doc: "When the widget was last updated." }}
"#
    )
}

fn resource_enum(index: usize) -> String {
    format!(
        r#"  Widget{index}State:
    doc: State of a widget of kind {index}.
    values: [draft, active, inactive, archived]
"#
    )
}

/// The in-memory pipeline: load, validate, render. Returns the bytes rendered so the work
/// cannot be optimised away.
fn generate(sources: &[Source]) -> usize {
    let catalog = load_sources(sources)
        .unwrap_or_else(|diagnostics| panic!("the bench catalog is invalid:\n{diagnostics}"));
    let files = codegen::emit::render(&catalog)
        .unwrap_or_else(|error| panic!("the bench catalog does not render: {error}"));
    files.iter().map(|file| file.contents.len()).sum()
}

fn action_count(sources: &[Source]) -> usize {
    load_sources(sources)
        .map(|catalog| catalog.actions.len())
        .unwrap_or_else(|diagnostics| panic!("the bench catalog is invalid:\n{diagnostics}"))
}

/// Per-iteration time of every sample criterion took of one benchmark, warm-up included, kept so
/// the summary compares sizes from the very runs criterion reports.
#[derive(Default)]
struct Samples(Vec<Duration>);

impl Samples {
    /// Times `iters` generations of `sources` for criterion, and keeps the mean of this sample.
    fn measure(&mut self, iters: u64, sources: &[Source]) -> Duration {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(generate(black_box(sources)));
        }
        let elapsed = start.elapsed();
        self.0.push(Duration::from_secs_f64(
            elapsed.as_secs_f64() / iters.max(1) as f64,
        ));
        elapsed
    }

    /// Median per-iteration time in milliseconds of the last `sample_size` samples, which are
    /// the measured ones (criterion's warm-up comes first). `None` when the benchmark was
    /// filtered out.
    fn median_ms(&self, sample_size: usize) -> Option<f64> {
        let measured = &self.0[self.0.len().saturating_sub(sample_size)..];
        (!measured.is_empty()).then(|| median_ms(measured.to_vec()))
    }
}

/// Times of the three benchmarks, for the summary.
#[derive(Default)]
struct Measured {
    full: Samples,
    small: Samples,
    large: Samples,
}

fn bench_generation(
    c: &mut Criterion,
    real: &[Source],
    small: &[Source],
    large: &[Source],
) -> Measured {
    let mut measured = Measured::default();
    let mut group = c.benchmark_group("generate");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(FULL_SAMPLES)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group.throughput(Throughput::Elements(action_count(real) as u64));
    group.bench_function("full_catalog", |b| {
        b.iter_custom(|iters| measured.full.measure(iters, real))
    });
    group.finish();

    // A run takes from a fraction of a second to seconds: ten samples (criterion's minimum) of
    // one run each where the measurement time is shorter than ten runs, and then criterion
    // warns that it needs longer; a longer time would make it take two runs per sample.
    let mut group = c.benchmark_group("generate_synthetic");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(SYNTHETIC_SAMPLES)
        .warm_up_time(Duration::from_secs(1));
    for (actions, sources, seconds, samples) in [
        (SMALL, small, 5, &mut measured.small),
        (LARGE, large, 30, &mut measured.large),
    ] {
        group.measurement_time(Duration::from_secs(seconds));
        group.throughput(Throughput::Elements(actions as u64));
        group.bench_function(format!("{actions}_actions"), |b| {
            b.iter_custom(|iters| samples.measure(iters, sources))
        });
    }
    group.finish();
    measured
}

/// Median of wall times, in milliseconds.
fn median_ms(mut times: Vec<Duration>) -> f64 {
    times.sort();
    let middle = times.len() / 2;
    let median = if times.len().is_multiple_of(2) {
        (times[middle - 1] + times[middle]) / 2
    } else {
        times[middle]
    };
    median.as_secs_f64() * 1e3
}

/// Median wall time of `codegen check`, process start to exit, and whether every run passed.
fn time_binary() -> (f64, bool) {
    let binary = env!("CARGO_BIN_EXE_codegen");
    let run = || {
        let start = Instant::now();
        let output = Command::new(binary)
            .arg("check")
            .output()
            .unwrap_or_else(|error| panic!("cannot run {binary}: {error}"));
        (start.elapsed(), output.status.success())
    };
    // The first run warms the page cache; it is not counted.
    let (_, mut passed) = run();
    let mut times = Vec::with_capacity(BINARY_RUNS);
    for _ in 0..BINARY_RUNS {
        let (time, ok) = run();
        passed &= ok;
        times.push(time);
    }
    (median_ms(times), passed)
}

/// Rounds of the interleaved comparison of the two synthetic sizes: the speed of a shared
/// machine moves by a fifth within a minute, and five rounds average that out better than three.
const ROUNDS: usize = 5;

/// time(LARGE) / time(SMALL) from runs alternating between the sizes, so that a change of load
/// on a shared machine falls on both: each round runs the small catalog LARGE / SMALL times
/// (half before, half after) around one run of the large one, which takes about as long.
/// Answers the ratio over all rounds, the lowest and highest ratio of a round, and the mean
/// time of each size in milliseconds.
fn interleaved_ratio(small: &[Source], large: &[Source]) -> (f64, (f64, f64), f64, f64) {
    let runs = (LARGE / SMALL).max(2);
    let time = |sources: &[Source]| {
        let start = Instant::now();
        black_box(generate(black_box(sources)));
        start.elapsed().as_secs_f64()
    };
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let mut small_total = 0.0;
        for _ in 0..runs / 2 {
            small_total += time(small);
        }
        let large_time = time(large);
        for _ in runs / 2..runs {
            small_total += time(small);
        }
        rounds.push((small_total / runs as f64, large_time));
    }
    let small_mean = rounds.iter().map(|(small, _)| small).sum::<f64>() / ROUNDS as f64;
    let large_mean = rounds.iter().map(|(_, large)| large).sum::<f64>() / ROUNDS as f64;
    let spread = rounds
        .iter()
        .map(|(small, large)| large / small)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), ratio| {
            (low.min(ratio), high.max(ratio))
        });
    (
        large_mean / small_mean,
        spread,
        small_mean * 1e3,
        large_mean * 1e3,
    )
}

fn summary(measured: &Measured, small: &[Source], large: &[Source]) {
    let shown = |ms: Option<f64>| {
        ms.map_or_else(
            || "not measured".to_owned(),
            |ms| format!("{} ms", round(ms)),
        )
    };
    let (ratio, (low, high), small_ms, large_ms) = interleaved_ratio(small, large);
    let (binary_ms, passed) = time_binary();

    println!();
    println!("summary (this run):");
    println!(
        "generate: full catalog {}; {SMALL} actions {} ms; {LARGE} actions {} ms; ratio {ratio:.1} (target <= {RATIO_TARGET}) {}; rounds {low:.1} to {high:.1}",
        shown(measured.full.median_ms(FULL_SAMPLES)),
        round(small_ms),
        round(large_ms),
        verdict(ratio <= RATIO_TARGET),
    );
    println!(
        "  sizes timed alternately, {ROUNDS} rounds of {} runs of {SMALL} actions around one of {LARGE}; the full catalog is the median of the criterion samples",
        (LARGE / SMALL).max(2)
    );
    let criterion_ratio = match (
        measured.small.median_ms(SYNTHETIC_SAMPLES),
        measured.large.median_ms(SYNTHETIC_SAMPLES),
    ) {
        (Some(small), Some(large)) => format!(
            "{SMALL} actions {} ms, {LARGE} actions {} ms, ratio {:.1}",
            round(small),
            round(large),
            large / small
        ),
        _ => "a size was filtered out".to_owned(),
    };
    println!(
        "  criterion samples above (sizes run one after the other, so load changes show): {criterion_ratio}"
    );
    println!(
        "release binary `codegen check`: median {} ms over {BINARY_RUNS} runs (target < {BINARY_TARGET_MS} ms) {}{}",
        round(binary_ms),
        verdict(binary_ms < BINARY_TARGET_MS),
        if passed {
            ""
        } else {
            " [check exited non-zero: generated/ is stale; the time still covers the whole comparison]"
        },
    );
}

/// Milliseconds to one decimal below 10, whole above.
fn round(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

fn verdict(met: bool) -> &'static str {
    if met { "ok" } else { "MISSED" }
}

fn main() {
    let real = real_catalog();
    let small = synthetic_catalog(SMALL);
    let large = synthetic_catalog(LARGE);
    assert_eq!(action_count(&small), SMALL);
    assert_eq!(action_count(&large), LARGE);

    let mut criterion = Criterion::default().configure_from_args();
    let measured = bench_generation(&mut criterion, &real, &small, &large);
    criterion.final_summary();

    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and then criterion only
    // checks that each benchmark runs once, so there is nothing to summarise.
    if std::env::args().any(|argument| argument == "--bench") {
        summary(&measured, &small, &large);
    }
}
