//! Chooses the tier to run and loads it (DESIGN §4): the best tier this CPU can run first,
//! then each lower one, down to the portable Pulley tier. A tier wasmtime refuses (another
//! CPU, another configuration) is skipped with its reason kept; only when every tier is
//! refused does the program fail, naming each reason. `NYASH_TIER=v3|baseline|portable`
//! forces one tier and disables the fallback.
//!
//! A tier's bytes reach `Module::deserialize` only after their SHA-256 matched the verified
//! header: a damaged executable is refused before any of its code is loaded.

use nyash_aot::SectionKind;
use nyash_host::Tier;
use wasmtime::{Engine, Module};

use crate::payload::{OpenError, Payload};

/// The variable that forces a tier.
pub const TIER_VARIABLE: &str = "NYASH_TIER";

/// A program ready to run, and which tier it came from.
pub struct Loaded {
    pub engine: Engine,
    pub module: Module,
    pub tier: Tier,
}

/// Why no tier could be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The payload is damaged: refuse it whole.
    Payload(OpenError),
    /// `NYASH_TIER` names no tier.
    UnknownTier(String),
    /// Every tier tried was refused; each with its reason.
    NoTier(Vec<(Tier, String)>),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Payload(error) => error.fmt(f),
            LoadError::UnknownTier(name) => write!(
                f,
                "{TIER_VARIABLE}={name} names no tier (use v3, baseline or portable)"
            ),
            LoadError::NoTier(reasons) => {
                f.write_str("this program cannot run on this machine:")?;
                for (tier, reason) in reasons {
                    write!(f, "\n  {tier}: {reason}")?;
                }
                Ok(())
            }
        }
    }
}

/// The tiers to try, in order: the forced one alone, or all of them best first.
pub fn candidates(forced: Option<&str>) -> Result<Vec<Tier>, LoadError> {
    match forced {
        Some(name) => Tier::from_name(name)
            .map(|tier| vec![tier])
            .ok_or_else(|| LoadError::UnknownTier(name.to_string())),
        None => Ok(Tier::ALL.to_vec()),
    }
}

/// Loads the first of `tiers` that this machine accepts.
pub fn load(payload: &mut Payload, tiers: &[Tier]) -> Result<Loaded, LoadError> {
    let mut refused = Vec::new();
    for &tier in tiers {
        match try_tier(payload, tier)? {
            Ok(loaded) => return Ok(loaded),
            Err(reason) => refused.push((tier, reason)),
        }
    }
    Err(LoadError::NoTier(refused))
}

/// `Err` (outer) for a damaged payload, which stops everything; `Ok(Err(reason))` for a tier
/// this machine cannot use, which moves on to the next.
fn try_tier(payload: &mut Payload, tier: Tier) -> Result<Result<Loaded, String>, LoadError> {
    let Some(entry) = payload
        .header
        .section(SectionKind::Tier, tier.name())
        .cloned()
    else {
        return Ok(Err("not in this executable".into()));
    };
    if !tier.runs_on_this_cpu() {
        return Ok(Err("this CPU lacks the instructions it uses".into()));
    }
    let bytes = payload.section(&entry).map_err(LoadError::Payload)?;
    Ok(deserialize(tier, &bytes))
}

fn deserialize(tier: Tier, bytes: &[u8]) -> Result<Loaded, String> {
    let config = nyash_host::stub_config(tier).map_err(|e| e.to_string())?;
    let engine = Engine::new(&config).map_err(|e| e.to_string())?;
    let module = deserialize_verified(&engine, bytes).map_err(|e| format!("{e:#}"))?;
    Ok(Loaded {
        engine,
        module,
        tier,
    })
}

/// Loads precompiled code.
#[allow(unsafe_code)]
fn deserialize_verified(engine: &Engine, bytes: &[u8]) -> wasmtime::Result<Module> {
    // SAFETY: `bytes` is a tier section whose SHA-256 matched the header, itself matched by
    // the trailer: it is the code `nyash --compile-native` wrote with `stub_config`, not
    // arbitrary input. wasmtime still checks its version, configuration and CPU features and
    // returns `Err` on any mismatch.
    unsafe { Module::deserialize(engine, bytes) }
}
