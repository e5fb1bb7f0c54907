//! The engine configuration of native executables: one function, [`stub_config`], builds it
//! both where a tier is compiled (the `nyash` CLI, with cranelift, feature `compile`) and
//! where it is loaded (the runtime stub `nyash-rt`, runtime only), so that the two can never
//! disagree (DESIGN §3, §3a).
//!
//! Input: a [`Tier`]. Output: a `wasmtime::Config` whose target, tunables and wasm features
//! are fixed explicitly instead of being left to wasmtime's defaults, because those defaults
//! depend on the cargo features of the wasmtime being built (a compiler build with `gc` or
//! `component-model-async` would otherwise write files the runtime-only stub refuses). The
//! compiler-only part (the CPU preset of a tier) sits behind the `compile` feature.

use wasmtime::{Config, WasmBacktraceDetails, WasmFeatures};

/// The name of the configuration [`stub_config`] builds; part of every compatibility key of
/// a native tier. Change it whenever that function changes what it sets.
pub const STUB_CONFIG_NAME: &str = "stub-1";

/// The target triple of the native tiers: the machine this toolchain was built for.
pub const NATIVE_TARGET: &str = "x86_64-unknown-linux-gnu";

/// The target of the portable tier: Pulley bytecode for any 64-bit little-endian machine.
pub const PORTABLE_TARGET: &str = "pulley64";

/// One precompiled form of a program inside a native executable, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    /// x86-64 code assuming the `x86-64-v3` level (AVX2, BMI1/2, FMA, LZCNT).
    X86_64V3,
    /// x86-64 code for any x86-64 CPU (SSE2 only).
    X86_64Baseline,
    /// Pulley bytecode, interpreted: runs on every CPU, 10–20× slower.
    Portable,
}

impl Tier {
    /// Every tier, best first: the order in which the stub tries them.
    pub const ALL: [Tier; 3] = [Tier::X86_64V3, Tier::X86_64Baseline, Tier::Portable];

    /// The tier's name in payloads, compatibility keys and `NYASH_TIER`.
    pub fn name(self) -> &'static str {
        match self {
            Tier::X86_64V3 => "x86-64-v3",
            Tier::X86_64Baseline => "x86-64-baseline",
            Tier::Portable => "pulley64",
        }
    }

    /// The tier with this [`Tier::name`], or one of the short names `v3`, `baseline` and
    /// `portable`.
    pub fn from_name(name: &str) -> Option<Tier> {
        match name {
            "x86-64-v3" | "v3" => Some(Tier::X86_64V3),
            "x86-64-baseline" | "baseline" => Some(Tier::X86_64Baseline),
            "pulley64" | "portable" | "pulley" => Some(Tier::Portable),
            _ => None,
        }
    }

    /// The target triple the tier is compiled for.
    pub fn target(self) -> &'static str {
        match self {
            Tier::X86_64V3 | Tier::X86_64Baseline => NATIVE_TARGET,
            Tier::Portable => PORTABLE_TARGET,
        }
    }

    /// The cranelift ISA preset the tier is compiled with, if any.
    pub fn isa_preset(self) -> Option<&'static str> {
        match self {
            Tier::X86_64V3 => Some("x86-64-v3"),
            Tier::X86_64Baseline | Tier::Portable => None,
        }
    }

    /// The tiers a native executable built here carries: the x86-64 ones only on x86-64
    /// Linux (the only native target so far), the portable one everywhere.
    pub fn buildable() -> &'static [Tier] {
        if cfg!(all(target_arch = "x86_64", target_os = "linux")) {
            &Tier::ALL
        } else {
            &[Tier::Portable]
        }
    }

    /// Whether this CPU has what the tier's code assumes. wasmtime checks this again when it
    /// loads the code; asking first only saves a failed attempt.
    pub fn runs_on_this_cpu(self) -> bool {
        match self {
            Tier::X86_64V3 => has_x86_64_v3(),
            Tier::X86_64Baseline => cfg!(all(target_arch = "x86_64", target_os = "linux")),
            Tier::Portable => true,
        }
    }
}

impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(target_arch = "x86_64")]
fn has_x86_64_v3() -> bool {
    use std::arch::is_x86_feature_detected as has;
    has!("avx2")
        && has!("bmi1")
        && has!("bmi2")
        && has!("fma")
        && has!("lzcnt")
        && has!("movbe")
        && has!("sse4.2")
        && has!("popcnt")
}

#[cfg(not(target_arch = "x86_64"))]
fn has_x86_64_v3() -> bool {
    false
}

/// The wasm features that depend on wasmtime's cargo features (`gc`, `threads`,
/// `component-model`...): always off, so a compiler build and the runtime-only stub agree.
/// Our modules use none of them (linear memory, no threads, core modules only).
fn build_dependent_features() -> WasmFeatures {
    WasmFeatures::GC_TYPES
        | WasmFeatures::GC
        | WasmFeatures::FUNCTION_REFERENCES
        | WasmFeatures::EXCEPTIONS
        | WasmFeatures::THREADS
        | WasmFeatures::SHARED_EVERYTHING_THREADS
        | WasmFeatures::STACK_SWITCHING
        | WasmFeatures::COMPONENT_MODEL
        | WasmFeatures::CM_ASYNC
        | WasmFeatures::CM_ASYNC_STACKFUL
        | WasmFeatures::CM_MORE_ASYNC_BUILTINS
        | WasmFeatures::CM_THREADING
        | WasmFeatures::CM_ERROR_CONTEXT
}

/// The configuration that compiles (in the CLI) and loads (in the stub) the `tier` of a
/// native executable. Every setting that decides whether precompiled code loads (DESIGN §3a)
/// is set here explicitly: target, GC off, no concurrency support, signals-based traps,
/// memory reservation and guards as wasmtime defaults them for the target, no fuel or epochs,
/// backtrace details not taken from the environment, and the stack limits of
/// [`crate::configure_stack`].
pub fn stub_config(tier: Tier) -> wasmtime::Result<Config> {
    let mut config = Config::new();
    config.target(tier.target())?;
    config.wasm_features(build_dependent_features(), false);
    config.concurrency_support(false);
    config.wasm_backtrace_details(WasmBacktraceDetails::Disable);
    config.consume_fuel(false);
    config.epoch_interruption(false);
    config.debug_info(false);
    crate::configure_stack(&mut config);
    #[cfg(feature = "compile")]
    compile::set_isa(&mut config, tier);
    Ok(config)
}

/// What only a build with the compiler can set.
#[cfg(feature = "compile")]
mod compile {
    use super::Tier;
    use wasmtime::Config;

    /// Selects the tier's CPU level. The target was set explicitly, so wasmtime infers no
    /// host features: without a preset the code assumes only what every CPU of the target has.
    #[allow(unsafe_code)]
    pub(super) fn set_isa(config: &mut Config, tier: Tier) {
        if let Some(preset) = tier.isa_preset() {
            // SAFETY: a documented cranelift ISA preset changes only which instructions the
            // code may use; wasmtime checks them against the CPU before it runs the code.
            unsafe {
                config.cranelift_flag_enable(preset);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_short_names_work() {
        for tier in Tier::ALL {
            assert_eq!(Tier::from_name(tier.name()), Some(tier));
        }
        assert_eq!(Tier::from_name("v3"), Some(Tier::X86_64V3));
        assert_eq!(Tier::from_name("baseline"), Some(Tier::X86_64Baseline));
        assert_eq!(Tier::from_name("portable"), Some(Tier::Portable));
        assert_eq!(Tier::from_name("avx512"), None);
    }

    #[test]
    fn every_tier_configuration_builds_an_engine() {
        for tier in Tier::ALL {
            let config = stub_config(tier).unwrap_or_else(|e| panic!("{tier}: {e}"));
            assert!(wasmtime::Engine::new(&config).is_ok(), "{tier}");
        }
    }

    #[test]
    fn the_configuration_turns_off_what_depends_on_cargo_features() {
        for tier in Tier::ALL {
            let config = stub_config(tier).unwrap_or_else(|e| panic!("{e}"));
            let engine = wasmtime::Engine::new(&config).unwrap_or_else(|e| panic!("{e}"));
            assert!(!engine.get_concurrency_support());
            assert!(!engine
                .get_wasm_features()
                .intersects(build_dependent_features()));
            assert_eq!(engine.get_max_wasm_stack(), crate::MAX_WASM_STACK);
        }
    }

    #[test]
    fn the_portable_tier_runs_everywhere() {
        assert!(Tier::Portable.runs_on_this_cpu());
        assert!(Tier::buildable().contains(&Tier::Portable));
    }
}
