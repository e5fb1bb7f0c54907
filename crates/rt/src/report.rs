//! How the stub reports a run that ended in a trap: the same text and exit code as
//! `nyash --backend wasm` (which renders a spanless diagnostic with the function as a note),
//! written by hand so the stub needs no diagnostics renderer.

use std::process::ExitCode;

use nyash_host::HostError;

/// Exit code after a runtime error (SPEC: 1).
pub const EXIT_RUNTIME_ERROR: u8 = 1;

/// Exit code when the module cannot be linked or started (a usage error: 2).
const EXIT_CANNOT_START: u8 = 2;

/// The text `nyash` prints for `error`.
pub fn host_error(error: &HostError) -> String {
    let mut text = format!("error: {error}\n");
    if let HostError::Located { frames, .. } = error {
        // No sources here: the place as `at file:line:col`, as `nyash run app.wasm` says it.
        if let Some(innermost) = frames.first() {
            text.push_str(&format!(" = note: at {}\n", innermost.place.location()));
        }
        text.push_str(&format!(" = note: {}\n", nyash_host::stack_note(frames)));
    } else if let Some(function) = error.function() {
        text.push_str(&format!(" = note: in {function}\n"));
    }
    text.push('\n');
    text
}

/// The exit code for `error`: traps are runtime errors, the rest usage errors.
pub fn exit_code(error: &HostError) -> ExitCode {
    match error {
        HostError::StackOverflow { .. } | HostError::Trap { .. } | HostError::Located { .. } => {
            ExitCode::from(EXIT_RUNTIME_ERROR)
        }
        _ => ExitCode::from(EXIT_CANNOT_START),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nyash_diagnostics::{Diagnostic, SourceFiles};
    use nyash_host::{NyashFrame, SourcePlace};

    fn rendered_by_nyash(error: &HostError) -> String {
        let mut diagnostic = Diagnostic::error_without_span(error.to_string());
        if let HostError::Located { frames, .. } = error {
            diagnostic = diagnostic
                .with_note(format!("at {}", frames[0].place.location()))
                .with_note(nyash_host::stack_note(frames));
        } else if let Some(function) = error.function() {
            diagnostic = diagnostic.with_note(format!("in {function}"));
        }
        nyash_diagnostics::render_to_string(&SourceFiles::new(), &[diagnostic])
    }

    fn frame(function: &str, line: u32) -> NyashFrame {
        NyashFrame {
            function: function.into(),
            place: SourcePlace {
                file: 0,
                file_name: "app.nyash".into(),
                start: 0,
                end: 1,
                line,
                col: 5,
            },
        }
    }

    #[test]
    fn traps_read_exactly_as_nyash_renders_them() {
        let errors = [
            HostError::StackOverflow {
                function: Some("Main.f".into()),
            },
            HostError::Trap {
                message: "wasm trap: integer divide by zero".into(),
                function: None,
            },
            HostError::NoStart,
            HostError::Located {
                message: "stack overflow".into(),
                frames: vec![frame("Main.f", 3), frame("Main.main", 7)],
            },
        ];
        for error in &errors {
            assert_eq!(host_error(error), rendered_by_nyash(error));
        }
    }
}
