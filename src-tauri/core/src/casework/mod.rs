//! Casework: the Channel case journey from referral to the reviews after exit. Each step is
//! one transaction: it asks the workflow whether the step is allowed, checks its input,
//! writes the change, a timeline event and an audit row, and commits; any failure leaves
//! nothing behind.

pub mod access_request;
pub mod age;
pub mod assessment;
pub mod categories;
pub mod consent;
pub mod decision;
pub mod flags;
pub mod list;
pub mod notes;
pub mod record;
pub mod referral;
pub mod retention;
pub mod review;
pub mod screening;
pub mod state;
pub mod support;
pub mod workflow;

pub use assessment::{VafFactorInput, VafInput};
pub use categories::{Categories, CategoriesInput};
pub use consent::ConsentInput;
pub use decision::DecisionInput;
pub use flags::Flag;
pub use list::{CasePage, CaseQuery, CaseRow};
pub use record::CaseRecord;
pub use referral::ReferralInput;
pub use review::ReviewInput;
pub use screening::ScreeningInput;
pub use support::{InterventionInput, InterventionUpdate};
pub use workflow::Stage;
