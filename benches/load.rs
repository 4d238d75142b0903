//! Load and query benchmarks on generated Kubeflow clusters of 200 and 2,000 profiles.
//!
//! ```text
//! cargo bench --bench load                 # everything, a few minutes on 2 cores
//! cargo bench --bench load -- query/       # only the access decisions
//! ```
//!
//! Groups, each for both sizes:
//! - `load/serde_yaml_value`: parses every document into `serde_yaml::Value` and drops it. This
//!   is the yardstick: no loader can read the YAML faster than serde_yaml parses it.
//! - `load/workspace_new`: `Workspace::new`, which loads, types and indexes the objects.
//! - `query/allows`: the yes/no decision for a contributor with edit rights.
//! - `query/authorize_trace`: the same request through `authorize`, which builds the trace.
//! - `query/deny_near_misses`: a profile owner asking in the next profile's namespace, which is
//!   denied and explained by near misses.
//!
//! Before the benchmarks, `main` prints the peak resident memory (`VmHWM` of
//! `/proc/self/status`) of three fresh child processes of this binary that hold the 2,000-profile
//! text, then its `serde_yaml::Value` documents, then its `Workspace`.

#[path = "support/cluster.rs"]
mod cluster;

use std::hint::black_box;
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use kserve_rbac::{
    Attributes, MissedAttribute, Object, ResourceAttributes, SourceFile, UserInfo, Workspace,
};
use serde::Deserialize;

/// Profile counts: 200 is the size of the check dataset, 2,000 a large installation.
const PROFILE_COUNTS: [usize; 2] = [200, 2_000];
/// Contributor RoleBindings per profile, the default of `examples/gen_cluster.rs`.
const CONTRIBUTORS_PER_PROFILE: usize = 5;
const SEED: u64 = 1;
/// Profile count of the peak memory measurement.
const MEMORY_PROFILES: usize = 2_000;
/// When set, the process measures one peak memory case (see [`PeakCase`]) and exits.
const PEAK_CASE_VARIABLE: &str = "KSERVE_RBAC_BENCH_PEAK_CASE";

fn cluster_file(profiles: usize) -> SourceFile {
    let text = cluster::generate_cluster(profiles, CONTRIBUTORS_PER_PROFILE, SEED);
    SourceFile::new(format!("cluster-{profiles}.yaml"), text)
}

/// Parses every document of `text` into a `serde_yaml::Value`, drops it, and returns the count.
fn parse_bare(text: &str) -> usize {
    serde_yaml::Deserializer::from_str(text)
        .map(|document| {
            let value = serde_yaml::Value::deserialize(document).expect("generated YAML parses");
            black_box(value);
        })
        .count()
}

fn inference_services(verb: &str, namespace: &str) -> Attributes {
    Attributes::Resource(ResourceAttributes {
        namespace: namespace.to_owned(),
        verb: verb.to_owned(),
        group: "serving.kserve.io".to_owned(),
        resource: "inferenceservices".to_owned(),
        ..ResourceAttributes::default()
    })
}

fn profile_namespace(index: usize) -> String {
    format!("team-{index:05}")
}

/// Returns the first contributor with a `kubeflow-edit` RoleBinding in `namespace`.
fn edit_contributor(workspace: &Workspace, namespace: &str) -> String {
    workspace
        .objects()
        .iter()
        .find_map(|loaded| match &loaded.object {
            Object::RoleBinding(binding)
                if loaded.meta.namespace.as_deref() == Some(namespace)
                    && loaded.meta.name.starts_with("user-")
                    && binding.role_ref.name == "kubeflow-edit" =>
            {
                binding.subjects.as_ref()?.first().map(|s| s.name.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no edit contributor in namespace {namespace}"))
}

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for profiles in PROFILE_COUNTS {
        let file = cluster_file(profiles);
        group.throughput(Throughput::Bytes(file.text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("serde_yaml_value", profiles),
            &file,
            |b, file| b.iter(|| parse_bare(&file.text)),
        );
        group.bench_with_input(
            BenchmarkId::new("workspace_new", profiles),
            &file,
            |b, file| b.iter(|| Workspace::new(std::slice::from_ref(file))),
        );
    }
    group.finish();
}

fn bench_query(c: &mut Criterion) {
    let mut group = c.benchmark_group("query");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for profiles in PROFILE_COUNTS {
        let workspace = Workspace::new(&[cluster_file(profiles)]);
        let middle = profiles / 2;
        let namespace = profile_namespace(middle);

        // A contributor with kubeflow-edit, allowed through kubeflow-edit -> kubeflow-kserve-edit.
        let contributor = UserInfo::impersonated(&edit_contributor(&workspace, &namespace), &[]);
        let create = inference_services("create", &namespace);
        assert!(workspace.allows(&contributor, &create));
        let decision = workspace.authorize(&contributor, &create);
        assert!(decision.trace.is_some());

        // The owner of the middle profile has no binding in the next profile's namespace.
        let owner = UserInfo::impersonated(&format!("owner{middle}@example.com"), &[]);
        let elsewhere = inference_services("create", &profile_namespace(middle + 1));
        let denial = workspace.authorize(&owner, &elsewhere);
        assert!(!denial.allowed);
        assert!(
            denial
                .near_misses
                .iter()
                .any(|miss| miss.attribute == MissedAttribute::Namespace),
            "the denial has a namespace near miss"
        );

        group.bench_with_input(BenchmarkId::new("allows", profiles), &(), |b, ()| {
            b.iter(|| workspace.allows(black_box(&contributor), black_box(&create)))
        });
        group.bench_with_input(
            BenchmarkId::new("authorize_trace", profiles),
            &(),
            |b, ()| b.iter(|| workspace.authorize(black_box(&contributor), black_box(&create))),
        );
        group.bench_with_input(
            BenchmarkId::new("deny_near_misses", profiles),
            &(),
            |b, ()| b.iter(|| workspace.authorize(black_box(&owner), black_box(&elsewhere))),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_load, bench_query);

/// The data a peak memory child process builds before it reads its `VmHWM`.
#[derive(Clone, Copy)]
enum PeakCase {
    Text,
    YamlValues,
    Workspace,
}

impl PeakCase {
    const ALL: [PeakCase; 3] = [PeakCase::Text, PeakCase::YamlValues, PeakCase::Workspace];

    fn name(self) -> &'static str {
        match self {
            PeakCase::Text => "text",
            PeakCase::YamlValues => "yaml-values",
            PeakCase::Workspace => "workspace",
        }
    }

    fn label(self) -> &'static str {
        match self {
            PeakCase::Text => "generated YAML text only",
            PeakCase::YamlValues => "text + every document as serde_yaml::Value",
            PeakCase::Workspace => "text + Workspace::new",
        }
    }

    fn from_name(name: &str) -> Option<PeakCase> {
        Self::ALL.into_iter().find(|case| case.name() == name)
    }
}

/// Reads a `/proc/self/status` field in kB, such as `VmHWM` (peak resident set size).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// Builds the data of `case`, then prints `VmHWM` in KiB on stdout.
fn measure_peak(case: PeakCase) {
    let file = cluster_file(MEMORY_PROFILES);
    match case {
        PeakCase::Text => {
            black_box(&file);
        }
        PeakCase::YamlValues => {
            let values: Vec<serde_yaml::Value> = serde_yaml::Deserializer::from_str(&file.text)
                .map(|document| serde_yaml::Value::deserialize(document).expect("YAML parses"))
                .collect();
            black_box(&values);
        }
        PeakCase::Workspace => {
            let workspace = Workspace::new(std::slice::from_ref(&file));
            black_box(&workspace);
        }
    }
    match status_kib("VmHWM") {
        Some(kib) => println!("{kib}"),
        None => println!("unavailable"),
    }
}

/// Runs one child process per [`PeakCase`] and prints a table of their peak memory.
fn print_peak_memory() {
    let Ok(executable) = std::env::current_exe() else {
        eprintln!("peak memory: skipped, because the path of this executable is unknown");
        return;
    };
    let text_bytes = cluster_file(MEMORY_PROFILES).text.len();
    println!(
        "peak memory (VmHWM of a fresh process), {MEMORY_PROFILES} profiles, {:.1} MiB of YAML:",
        text_bytes as f64 / (1024.0 * 1024.0)
    );
    for case in PeakCase::ALL {
        let output = Command::new(&executable)
            .env(PEAK_CASE_VARIABLE, case.name())
            .output();
        let reading = match output {
            Ok(output) if output.status.success() => {
                String::from_utf8_lossy(&output.stdout).trim().to_owned()
            }
            Ok(output) => format!("failed: {}", String::from_utf8_lossy(&output.stderr).trim()),
            Err(error) => format!("failed to start: {error}"),
        };
        let shown = match reading.parse::<u64>() {
            Ok(kib) => format!("{:.1} MiB", kib as f64 / 1024.0),
            Err(_) => reading,
        };
        println!("  {:<45} {shown}", case.label());
    }
    println!();
}

fn main() {
    if let Ok(name) = std::env::var(PEAK_CASE_VARIABLE) {
        let case = PeakCase::from_name(&name)
            .unwrap_or_else(|| panic!("unknown {PEAK_CASE_VARIABLE} value {name:?}"));
        measure_peak(case);
        return;
    }
    // `cargo test --benches` runs each benchmark once with --test; it needs no memory table.
    let quick_run = std::env::args().any(|arg| arg == "--test" || arg == "--list");
    if !quick_run {
        print_peak_memory();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
