//! Command-line arguments (DESIGN §5): the seed's flag forms and the same actions as
//! subcommands. `nyash app.nyash` and `nyash run app.nyash` are the same thing.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "nyash",
    version,
    about = "Run and compile Nyash programs (\"Everything is Box\")",
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  nyash app.nyash                run a program on the VM\n  nyash --dump-mir app.nyash     print its MIR\n  nyash run app.nyash -- a b     run with arguments for main(args)\n  nyash --backend wasm app.nyash compile to WebAssembly and run it with wasmtime\n  nyash run app.wasm             run a compiled module\n  nyash --compile-wasm app.nyash -o app.wasm   compile to WebAssembly"
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

    /// Where `--compile-wasm` writes (`.wat` writes text; default: the program with `.wasm`).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUT",
        requires = "compile_wasm"
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
    /// Compile a program (`--wasm`: to a portable WebAssembly module).
    Build(BuildArgs),
}

#[derive(Args, Clone)]
pub struct BuildArgs {
    /// The program to compile.
    pub file: PathBuf,
    /// Produce a portable WebAssembly module (WASI preview1).
    #[arg(long)]
    pub wasm: bool,
    /// The output file (`.wat` writes text; default: FILE with `.wasm`).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Clone)]
pub struct RunArgs {
    /// The program to run (`.nyash` or `.hako`), or a compiled module (`.wasm`).
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
                use clap::CommandFactory;
                let mut cmd = <Cli as CommandFactory>::command();
                let _ = cmd.print_help();
                std::process::exit(2);
            }
        };
        if self.compile_wasm {
            return Command::Build(BuildArgs {
                file: run.file,
                wasm: true,
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
