//! Prints the program of a seed: `cargo run -p nyash-progen --example generate -- 42`.

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    print!("{}", nyash_progen::generate(seed));
}
