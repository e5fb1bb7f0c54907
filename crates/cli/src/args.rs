//! Command-line arguments (DESIGN §5): the seed's flag forms and the same actions as
//! subcommands. `nyash app.nyash` and `nyash run app.nyash` are the same thing.

use clap::{ArgGroup, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "nyash",
    version,
    about = "Run and compile Nyash programs (\"Everything is Box\")",
    args_conflicts_with_subcommands = true,
    group = ArgGroup::new("writes_file").args(["compile_wasm", "aot", "compile_native"]),
    after_help = "Examples:\n  nyash app.nyash                run a program on the VM\n  nyash --dump-mir app.nyash     print its MIR\n  nyash run app.nyash -- a b     run with arguments for main(args)\n  nyash --backend wasm app.nyash compile to WebAssembly and run it with wasmtime\n  nyash run app.wasm             run a compiled module\n  nyash --compile-wasm app.nyash -o app.wasm   compile to WebAssembly\n  nyash --aot app.nyash          precompile to app.cwasm (and app.wasm) for wasmtime\n  nyash run app.cwasm            run a precompiled module\n  nyash doctor                   check the wasmtime CLI on PATH against this nyash"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Print the program's MIR instead of running it.
    #[arg(long)]
    dump_mir: bool,

    /// Check the program's MIR for internal consistency instead of running it.
    #[arg(long)]
    verify: bool,

    /// Compile the program to a portable WebAssembly module instead of running it.
    #[arg(long)]
    compile_wasm: bool,

    /// Precompile the program to a `.cwasm` for `wasmtime run --allow-precompiled` (and write
    /// the portable `.wasm` beside it).
    #[arg(long)]
    aot: bool,

    /// Compile the program to one self-contained native executable (`-o`; default: the
    /// program's name without extension).
    #[arg(long)]
    compile_native: bool,

    /// With `--aot`: make the `.cwasm` for this wasmtime CLI (`auto`: the one on PATH).
    #[arg(long, value_name = "PATH|auto", requires = "aot")]
    for_wasmtime: Option<String>,

    /// Where `--compile-wasm` or `--aot` writes (default: the program with `.wasm` / `.cwasm`;
    /// `.wat` writes text).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUT",
        requires = "writes_file"
    )]
    output: Option<PathBuf>,

    #[command(flatten)]
    run: Option<RunArgs>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run a program (the default action).
    Run(RunArgs),
    /// Print (`--dump`, the default) or verify (`--verify`) a program's MIR.
    Mir(MirArgs),
    /// Compile a program: to a native executable (the default), `--wasm`: to a portable
    /// WebAssembly module, `--cwasm`: to a precompiled module.
    Build(BuildArgs),
    /// Check the wasmtime CLI on this machine against this nyash: what runs where.
    Doctor(DoctorArgs),
    /// Show what a `.wasm`, `.cwasm` or native executable contains.
    Inspect(InspectArgs),
}

#[derive(Args, Clone)]
pub struct InspectArgs {
    /// The file to look into.
    pub file: PathBuf,
}

#[derive(Args, Clone)]
pub struct DoctorArgs {
    /// The wasmtime CLI to check [default: the first `wasmtime` on PATH].
    #[arg(long, value_name = "PATH")]
    pub wasmtime: Option<PathBuf>,
}

#[derive(Args, Clone)]
pub struct BuildArgs {
    /// The program to compile.
    pub file: PathBuf,
    /// Produce a portable WebAssembly module (WASI preview1).
    #[arg(long)]
    pub wasm: bool,
    /// Produce a precompiled module for `wasmtime run --allow-precompiled` (a `.cwasm`, and
    /// the `.wasm` beside it).
    #[arg(long, conflicts_with = "wasm")]
    pub cwasm: bool,
    /// With `--cwasm`: make it for this wasmtime CLI (`auto`: the one on PATH).
    #[arg(long, value_name = "PATH|auto", requires = "cwasm")]
    pub for_wasmtime: Option<String>,
    /// The output file (`.wat` writes text; default: FILE with `.wasm`, or `.cwasm`).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Clone)]
pub struct RunArgs {
    /// The program to run (`.nyash` or `.hako`), or a compiled module (`.wasm`, `.cwasm`).
    pub file: PathBuf,

    /// Which executor runs the program [default: vm; wasm for a `.wasm` file].
    #[arg(long, value_enum)]
    pub backend: Option<Backend>,

    /// Print the compile and run times to stderr.
    #[arg(long)]
    pub time: bool,

    /// Arguments passed to the program.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Clone)]
pub struct MirArgs {
    /// The program whose MIR to show.
    pub file: PathBuf,
    /// Print the MIR (the default unless `--verify` is given alone).
    #[arg(long)]
    pub dump: bool,
    /// Verify the MIR.
    #[arg(long)]
    pub verify: bool,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Backend {
    /// The MIR interpreter: starts instantly; the reference semantics.
    Vm,
    /// Compiles to WebAssembly and runs it with wasmtime in this process.
    Wasm,
}

/// Parses the command line; `--version` also shows the embedded wasmtime, the target and
/// this CPU (computed at run time, so it cannot be a constant of the derive).
pub fn parse() -> Cli {
    let command = Cli::command().long_version(crate::compat::long_version());
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

impl Cli {
    /// The action to take, with the flag forms mapped onto subcommands.
    pub fn into_command(self) -> Command {
        if let Some(command) = self.command {
            return match command {
                Command::Mir(mut m) => {
                    m.dump |= !m.verify;
                    Command::Mir(m)
                }
                other => other,
            };
        }
        let run = match self.run {
            Some(run) => run,
            None => {
                let mut cmd = <Cli as CommandFactory>::command();
                let _ = cmd.print_help();
                std::process::exit(2);
            }
        };
        if self.compile_native {
            return Command::Build(BuildArgs {
                file: run.file,
                wasm: false,
                cwasm: false,
                for_wasmtime: None,
                output: self.output,
            });
        }
        if self.compile_wasm || self.aot {
            return Command::Build(BuildArgs {
                file: run.file,
                wasm: self.compile_wasm,
                cwasm: self.aot,
                for_wasmtime: self.for_wasmtime,
                output: self.output,
            });
        }
        if self.dump_mir || self.verify {
            return Command::Mir(MirArgs {
                file: run.file,
                dump: self.dump_mir,
                verify: self.verify,
            });
        }
        Command::Run(run)
    }
}
