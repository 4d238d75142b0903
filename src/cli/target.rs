//! Turning `VERB TYPE[.GROUP][/NAME]` or `VERB /url` into request attributes.

use std::io::Write;

use kserve_rbac::catalog::resolve_in;
use kserve_rbac::{Attributes, NonResourceAttributes, ResourceAttributes, Workspace};

use super::style::Palette;
use super::CliError;

/// The parts of a command line that name a request.
pub struct RequestArgs<'a> {
    pub verb: &'a str,
    pub target: &'a str,
    pub subresource: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub all_namespaces: bool,
}

/// Resolves the request a command line names. A type that is neither known nor defined by a
/// CustomResourceDefinition in the input is used as written, with a warning on stderr.
pub fn request_attributes(
    args: &RequestArgs<'_>,
    workspace: &Workspace,
    palette: Palette,
) -> Result<Attributes, CliError> {
    if args.target.starts_with('/') {
        if args.subresource.is_some() {
            return Err(CliError::Usage(
                "--subresource does not apply to a non-resource URL".to_owned(),
            ));
        }
        return Ok(Attributes::NonResource(NonResourceAttributes {
            verb: args.verb.to_owned(),
            path: args.target.to_owned(),
        }));
    }
    let (type_text, name) = match args.target.split_once('/') {
        Some((type_text, name)) => (type_text, name),
        None => (args.target, ""),
    };
    if type_text.is_empty() {
        return Err(CliError::Usage(format!(
            "invalid resource {:?}: expected TYPE[.GROUP][/NAME]",
            args.target
        )));
    }
    let resolved = resolve_in(workspace, type_text);
    let mut stderr = std::io::stderr().lock();
    if resolved.namespaced.is_none() {
        writeln!(
            stderr,
            "{} the type {type_text:?} is neither a known resource nor defined by a CustomResourceDefinition in the input; it is evaluated as resource {:?} in API group {:?}",
            palette.warning("warning:"),
            resolved.resource,
            resolved.group
        )?;
    }
    let namespace = if args.all_namespaces {
        String::new()
    } else if resolved.namespaced == Some(false) {
        match args.namespace {
            Some(namespace) => {
                writeln!(
                    stderr,
                    "{} resource {:?} is not namespace scoped",
                    palette.warning("warning:"),
                    resolved.resource
                )?;
                namespace.to_owned()
            }
            None => String::new(),
        }
    } else {
        args.namespace.unwrap_or("default").to_owned()
    };
    Ok(Attributes::Resource(ResourceAttributes {
        namespace,
        verb: args.verb.to_owned(),
        group: resolved.group,
        resource: resolved.resource,
        subresource: args.subresource.unwrap_or_default().to_owned(),
        name: name.to_owned(),
    }))
}
