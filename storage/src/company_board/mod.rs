//! The company board's records: the registry of partner companies and their agreements, positions,
//! proposals moving across the board, and placements with their follow-ups.
mod placements;
mod positions;
mod proposals;
mod registry;

pub use placements::*;
pub use positions::*;
pub use proposals::*;
pub(crate) use proposals::{hire_in, leave_board, move_in, moved_info};
pub use registry::*;
