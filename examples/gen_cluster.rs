//! Writes a synthetic multi-tenant Kubeflow + KServe cluster as multi-document YAML to stdout.
//!
//! ```text
//! cargo run --release --example gen_cluster -- PROFILES [CONTRIBUTORS] [SEED] > cluster.yaml
//! ```
//!
//! The same arguments always give the same output. The generator itself is in
//! `benches/support/cluster.rs`, so that benches can include it as well.

#[path = "../benches/support/cluster.rs"]
mod cluster;

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;
use std::str::FromStr;

const USAGE: &str = "\
usage: gen_cluster PROFILES [CONTRIBUTORS] [SEED]

Writes a synthetic Kubeflow + KServe cluster as multi-document YAML to stdout.

  PROFILES      number of Kubeflow profiles (tenant namespaces)
  CONTRIBUTORS  contributor RoleBindings per profile (default 5)
  SEED          seed of the random choices, a 64-bit unsigned integer (default 1)";

const DEFAULT_CONTRIBUTORS: usize = 5;
const DEFAULT_SEED: u64 = 1;

struct Arguments {
    profiles: usize,
    contributors: usize,
    seed: u64,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let arguments = match parse_arguments(&args) {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let yaml =
        cluster::generate_cluster(arguments.profiles, arguments.contributors, arguments.seed);
    match io::stdout().lock().write_all(yaml.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader such as `head` that stops early is not an error.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: failed to write the YAML to stdout: {error}");
            ExitCode::FAILURE
        }
    }
}

fn parse_arguments(args: &[String]) -> Result<Arguments, String> {
    let Some((profiles, rest)) = args.split_first() else {
        return Err("missing PROFILES".to_string());
    };
    if rest.len() > 2 {
        return Err(format!(
            "expected at most 3 arguments, got {}: {}",
            args.len(),
            args.join(" ")
        ));
    }
    Ok(Arguments {
        profiles: parse_number("PROFILES", profiles)?,
        contributors: match rest.first() {
            Some(value) => parse_number("CONTRIBUTORS", value)?,
            None => DEFAULT_CONTRIBUTORS,
        },
        seed: match rest.get(1) {
            Some(value) => parse_number("SEED", value)?,
            None => DEFAULT_SEED,
        },
    })
}

fn parse_number<T>(name: &str, value: &str) -> Result<T, String>
where
    T: FromStr,
    T::Err: Display,
{
    value.parse().map_err(|error| {
        format!("invalid {name} {value:?} ({error}): expected a non-negative integer such as 200")
    })
}
