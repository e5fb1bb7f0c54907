//! `nyash --compile-wasm FILE -o OUT` and `nyash build --wasm FILE -o OUT`: compiles a program
//! to a portable WebAssembly module (DESIGN §5).
//!
//! The program goes through the same front end as `run`; `nyash-wasm` turns the MIR into the
//! module's bytes, and this file only chooses the output path and format: an output name
//! ending in `.wat` gets the text form (printed by `wasmprinter`), anything else the binary.
//! The default output is the input with the extension `.wasm`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::args::BuildArgs;
use crate::EXIT_COMPILE_ERROR;

pub fn build(build: &BuildArgs) -> ExitCode {
    if !build.wasm {
        eprintln!("error: `nyash build` needs `--wasm` (the only kind of build in this version)");
        return ExitCode::from(EXIT_COMPILE_ERROR);
    }
    let compiled = match crate::compile(&build.file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let bytes = match nyash_wasm::compile(&compiled.module, &compiled.files) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_COMPILE_ERROR);
        }
    };
    let output = output_path(&build.file, build.output.as_deref());
    let contents = if output.extension().is_some_and(|e| e == "wat") {
        match wasmprinter::print_bytes(&bytes) {
            Ok(text) => text.into_bytes(),
            Err(e) => {
                eprintln!("error: cannot print the module as text: {e}");
                return ExitCode::from(EXIT_COMPILE_ERROR);
            }
        }
    } else {
        bytes
    };
    match std::fs::write(&output, contents) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", output.display());
            ExitCode::from(EXIT_COMPILE_ERROR)
        }
    }
}

/// `-o OUT` if given, else the input with the extension `.wasm`.
fn output_path(input: &Path, output: Option<&Path>) -> PathBuf {
    match output {
        Some(path) => path.to_path_buf(),
        None => input.with_extension("wasm"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_defaults_to_the_input_with_wasm() {
        assert_eq!(
            output_path(Path::new("dir/app.nyash"), None),
            Path::new("dir/app.wasm")
        );
        assert_eq!(
            output_path(Path::new("app.nyash"), Some(Path::new("x.wat"))),
            Path::new("x.wat")
        );
    }
}
