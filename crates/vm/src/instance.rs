//! placeholder: user box instances (owned by the VM core).
pub struct Instance;
