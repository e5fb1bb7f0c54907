//! placeholder: the MIR text printer (`impl Display for Module`).
