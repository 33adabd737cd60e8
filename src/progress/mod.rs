//! Progress against annual targets (序时进度) and multi-year goals.

pub mod bands;

pub use bands::{Band, Bands};
