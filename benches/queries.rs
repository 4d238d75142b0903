//! Benchmarks of the cluster-wide questions on a generated 2,000-profile Kubeflow cluster:
//! who-can, the rule list, the isolation report, a one-subject access matrix, and the permission
//! diff of two versions.
//!
//! ```text
//! cargo bench --bench queries
//! ```

#[path = "support/cluster.rs"]
mod cluster;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, Criterion};
use kserve_rbac::access_matrix::MatrixOptions;
use kserve_rbac::diff::diff_permissions;
use kserve_rbac::kubeflow::isolation::Baseline;
use kserve_rbac::{Attributes, ResourceAttributes, SourceFile, UserInfo, Workspace};

const PROFILES: usize = 2_000;
const CONTRIBUTORS_PER_PROFILE: usize = 5;
const SEED: u64 = 1;

fn workspace(text: String) -> Workspace {
    Workspace::new(&[SourceFile::new("cluster.yaml", text)])
}

/// The new version of a pull request that widens the KServe view role, which every tenant's
/// viewers, editors and admins reach through aggregation, and renames one binding.
fn changed_version(text: &str) -> String {
    let widened = text.replacen(
        "  verbs: [get, list, watch]\n",
        "  verbs: [get, list, watch, create]\n",
        1,
    );
    assert_ne!(
        widened, text,
        "the generator's view rule has the expected shape"
    );
    widened.replacen(
        "name: cross-tenant-editor",
        "name: cross-tenant-editor-renamed",
        1,
    )
}

fn queries(c: &mut Criterion) {
    let text = cluster::generate_cluster(PROFILES, CONTRIBUTORS_PER_PROFILE, SEED);
    let old = workspace(text.clone());
    let new = workspace(changed_version(&text));
    let request = Attributes::Resource(ResourceAttributes {
        namespace: "team-01000".to_owned(),
        verb: "create".to_owned(),
        group: "serving.kserve.io".to_owned(),
        resource: "inferenceservices".to_owned(),
        ..ResourceAttributes::default()
    });
    let owner = UserInfo::impersonated("owner1000@example.com", &[]);
    let options = MatrixOptions::default();

    let mut group = c.benchmark_group("queries-2000");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    group.bench_function("who_can", |b| {
        b.iter(|| black_box(old.who_can(black_box(&request))))
    });
    group.bench_function("rules_for", |b| {
        b.iter(|| black_box(old.rules_for(black_box(&owner), "team-01000")))
    });
    group.bench_function("isolation_report", |b| {
        b.iter(|| black_box(old.isolation_report(&Baseline::default())))
    });
    group.bench_function("subject_matrix", |b| {
        b.iter(|| black_box(old.subject_matrix(black_box(&owner), &options)))
    });
    group.bench_function("namespace_matrix", |b| {
        b.iter(|| black_box(old.namespace_matrix("team-01000", &options)))
    });
    group.bench_function("diff_permissions", |b| {
        b.iter(|| black_box(diff_permissions(&old, &new)))
    });
    group.finish();
}

criterion_group!(benches, queries);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
