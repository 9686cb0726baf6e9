//! The Prevent steering group's own meetings, with minutes as PDF. They hold the plan's
//! actions and measures and the people who attend; never case data.

pub mod meeting;
pub mod minutes;

pub use meeting::{
    AgreedInput, SteeringAttendeeInput, SteeringInput, SteeringItemInput, SteeringMeeting,
    SteeringSummary,
};
