//! The Channel case journey as an explicit state machine. Each step checks its
//! preconditions and, when one fails, names the rule broken. Nothing here touches storage:
//! the casework layer asks `apply` first and writes only if it says yes.

use serde::{Deserialize, Serialize};

use crate::common::vocabulary::vocabulary;
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    ReferralReceived,
    Screening,
    Assessment,
    AwaitingPanel,
    Adopted,
    NotAdopted,
    Support,
    Exited,
    SixMonthReviewDone,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Stage::ReferralReceived,
        Stage::Screening,
        Stage::Assessment,
        Stage::AwaitingPanel,
        Stage::Adopted,
        Stage::NotAdopted,
        Stage::Support,
        Stage::Exited,
        Stage::SixMonthReviewDone,
        Stage::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::ReferralReceived => "referral_received",
            Stage::Screening => "screening",
            Stage::Assessment => "assessment",
            Stage::AwaitingPanel => "awaiting_panel",
            Stage::Adopted => "adopted",
            Stage::NotAdopted => "not_adopted",
            Stage::Support => "support",
            Stage::Exited => "exited",
            Stage::SixMonthReviewDone => "six_month_review_done",
            Stage::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::ReferralReceived => "Referral received",
            Stage::Screening => "Police screening",
            Stage::Assessment => "Assessment",
            Stage::AwaitingPanel => "Awaiting panel",
            Stage::Adopted => "Adopted (in Channel)",
            Stage::NotAdopted => "Not adopted",
            Stage::Support => "In support",
            Stage::Exited => "Exited: 6-month review due",
            Stage::SixMonthReviewDone => "12-month review due",
            Stage::Closed => "Closed",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// In the Channel programme: the panel reviews these at every meeting.
    pub fn is_adopted(self) -> bool {
        Stage::ADOPTED.contains(&self)
    }

    pub const ADOPTED: [Stage; 2] = [Stage::Adopted, Stage::Support];

    /// Out of Channel and waiting for a review after exit.
    pub const AWAITING_REVIEW: [Stage; 2] = [Stage::Exited, Stage::SixMonthReviewDone];

    /// The review after exit a case at this stage waits for: 6 months once exited, then 12.
    pub fn review_months(self) -> Option<u8> {
        match self {
            Stage::Exited => Some(6),
            Stage::SixMonthReviewDone => Some(12),
            _ => None,
        }
    }

    /// Stages as a list of stored codes for SQL's `IN (...)`: queries take their stage lists
    /// from here, never from literals of their own.
    pub fn sql_list(stages: &[Stage]) -> String {
        stages
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

vocabulary! { impl ScreeningOutcome "Choose the screening outcome" {
    NotAppropriateNoFurtherAction = "not_appropriate_no_further_action" "Not appropriate, no further action",
    PassedToOtherServices = "passed_to_other_services" "Passed to other safeguarding services",
    PoliceLedCaseManagement = "police_led_case_management" "Police-led case management",
    SuitableForChannel = "suitable_for_channel" "Suitable for Channel",
} }

vocabulary! { impl DecisionKind "Choose the decision" {
    Adopt = "adopt" "Adopt (enter Channel)",
    NotAdopt = "not_adopt" "Not adopt",
    Remain = "remain" "Remain in Channel",
    Exit = "exit" "Exit Channel",
} }

vocabulary! { impl ExitReason "Choose why the case exits" {
    RiskRemovedOrReduced = "risk_removed_or_reduced" "Risk removed or significantly reduced",
    ConsentWithdrawn = "consent_withdrawn" "Consent withdrawn",
    Other = "other" "Other",
} }

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreeningOutcome {
    NotAppropriateNoFurtherAction,
    PassedToOtherServices,
    PoliceLedCaseManagement,
    SuitableForChannel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    Adopt,
    NotAdopt,
    Remain,
    Exit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitReason {
    RiskRemovedOrReduced,
    ConsentWithdrawn,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentState {
    None,
    Given,
    Refused,
    Withdrawn,
}

/// One step of the journey, with what it needs to know about the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    StartScreening,
    Screen(ScreeningOutcome),
    RecordAssessment,
    SendToPanel {
        has_assessment: bool,
    },
    Decide {
        kind: DecisionKind,
        exit_reason: Option<ExitReason>,
        screened_out: bool,
    },
    RecordConsent,
    StartSupport {
        consent: ConsentState,
    },
    Review {
        months: u8,
    },
    ReRefer,
}

/// The journey's stages as a vocabulary, for lists and filters.
impl crate::common::vocabulary::Vocabulary for Stage {
    const ALL: &'static [Self] = &Stage::ALL;
    const CHOOSE: &'static str = "Choose a stage";

    fn code(self) -> &'static str {
        self.as_str()
    }

    fn label(self) -> &'static str {
        Stage::label(self)
    }
}

/// The steps of the journey a case at a stage can take next, as the case record offers them:
/// asked of `apply`, so the offer and the rules cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, specta::Type)]
pub struct NextSteps {
    pub start_screening: bool,
    pub record_screening: bool,
    pub record_assessment: bool,
    pub send_to_panel: bool,
    pub record_consent: bool,
    /// Plan or start support (starting also needs consent given).
    pub support: bool,
    /// The review after exit to record: 6 or 12 months.
    pub review_months: Option<u8>,
    pub re_refer: bool,
}

impl NextSteps {
    pub fn at(stage: Stage) -> NextSteps {
        let can = |step| apply(stage, step).is_ok();
        NextSteps {
            start_screening: can(Step::StartScreening),
            record_screening: can(Step::Screen(ScreeningOutcome::SuitableForChannel)),
            record_assessment: can(Step::RecordAssessment),
            send_to_panel: can(Step::SendToPanel {
                has_assessment: true,
            }),
            record_consent: can(Step::RecordConsent),
            support: can(Step::StartSupport {
                consent: ConsentState::Given,
            }),
            review_months: stage.review_months(),
            re_refer: can(Step::ReRefer),
        }
    }
}

fn broken(rule: &'static str, message: &str) -> CoreError {
    CoreError::RuleBroken {
        rule,
        message: message.to_owned(),
    }
}

/// Where `step` takes a case at `stage`, or the rule that forbids it.
pub fn apply(stage: Stage, step: Step) -> Result<Stage> {
    use Stage::*;
    match step {
        Step::StartScreening => match stage {
            ReferralReceived => Ok(Screening),
            _ => Err(broken("screening_starts_from_referral", "Police screening starts from a newly received referral")),
        },
        Step::Screen(outcome) => match stage {
            ReferralReceived | Screening => Ok(if outcome == ScreeningOutcome::SuitableForChannel { Assessment } else { Closed }),
            _ => Err(broken("screening_once", "The screening outcome is recorded once, before assessment")),
        },
        Step::RecordAssessment => match stage {
            Assessment | AwaitingPanel | Adopted | Support => Ok(stage),
            _ => Err(broken("assessment_needs_open_case", "A VAF assessment is recorded for a case in assessment, awaiting panel or in Channel")),
        },
        Step::SendToPanel { has_assessment } => match stage {
            Assessment if has_assessment => Ok(AwaitingPanel),
            Assessment => Err(broken("panel_needs_assessment", "Record a VAF assessment before the case goes to the panel")),
            _ => Err(broken("panel_after_assessment", "Only a case in assessment can be sent to the panel")),
        },
        Step::Decide { kind, exit_reason, screened_out } => match (kind, stage) {
            (DecisionKind::Adopt, _) if screened_out => Err(broken(
                "no_adoption_after_screened_out",
                "A case that police screening found not appropriate for Channel cannot be adopted",
            )),
            (DecisionKind::Adopt, AwaitingPanel) => Ok(Adopted),
            (DecisionKind::NotAdopt, AwaitingPanel) => Ok(NotAdopted),
            (DecisionKind::Adopt | DecisionKind::NotAdopt, _) => Err(broken(
                "adoption_needs_awaiting_panel",
                "The panel decides whether to adopt only a case awaiting panel",
            )),
            (DecisionKind::Remain, Adopted | Support) => Ok(stage),
            (DecisionKind::Remain, _) => Err(broken("remain_needs_adopted", "Only an adopted case can remain in Channel")),
            (DecisionKind::Exit, Adopted | Support) if exit_reason.is_some() => Ok(Exited),
            (DecisionKind::Exit, Adopted | Support) => Err(broken("exit_needs_reason", "Choose why the case exits Channel")),
            (DecisionKind::Exit, _) => Err(broken("exit_needs_adopted", "Only an adopted case can exit Channel")),
        },
        Step::RecordConsent => match stage {
            Adopted | Support => Ok(stage),
            _ => Err(broken("consent_after_adoption", "Consent is sought after the panel adopts a case")),
        },
        Step::StartSupport { consent } => match stage {
            Adopted | Support if consent == ConsentState::Given => Ok(Support),
            Adopted | Support => Err(broken(
                "support_needs_consent",
                "Support cannot start without consent given and not withdrawn",
            )),
            _ => Err(broken("support_needs_adopted", "Support is for adopted cases")),
        },
        Step::Review { months: 6 } => match stage {
            Exited => Ok(SixMonthReviewDone),
            _ => Err(broken("six_month_review_after_exit", "The 6-month review follows an exit")),
        },
        Step::Review { months: 12 } => match stage {
            SixMonthReviewDone => Ok(Closed),
            _ => Err(broken("twelve_month_review_after_six", "The 12-month review follows the 6-month review")),
        },
        Step::Review { .. } => Err(broken("reviews_at_6_and_12_months", "Reviews are at 6 and 12 months after exit")),
        Step::ReRefer => match stage {
            Closed | NotAdopted => Ok(ReferralReceived),
            _ => Err(broken("rereferral_needs_closed", "Only a closed or not adopted case can be re-referred")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    fn any_stage() -> impl Strategy<Value = Stage> {
        proptest::sample::select(Stage::ALL.to_vec())
    }

    fn any_step() -> impl Strategy<Value = Step> {
        let outcome = proptest::sample::select(vec![
            ScreeningOutcome::NotAppropriateNoFurtherAction,
            ScreeningOutcome::PassedToOtherServices,
            ScreeningOutcome::PoliceLedCaseManagement,
            ScreeningOutcome::SuitableForChannel,
        ]);
        let kind = proptest::sample::select(vec![
            DecisionKind::Adopt,
            DecisionKind::NotAdopt,
            DecisionKind::Remain,
            DecisionKind::Exit,
        ]);
        let reason = proptest::option::of(proptest::sample::select(vec![
            ExitReason::RiskRemovedOrReduced,
            ExitReason::ConsentWithdrawn,
            ExitReason::Other,
        ]));
        let consent = proptest::sample::select(vec![
            ConsentState::None,
            ConsentState::Given,
            ConsentState::Refused,
            ConsentState::Withdrawn,
        ]);
        prop_oneof![
            Just(Step::StartScreening),
            outcome.prop_map(Step::Screen),
            Just(Step::RecordAssessment),
            any::<bool>().prop_map(|has_assessment| Step::SendToPanel { has_assessment }),
            (kind, reason, any::<bool>()).prop_map(|(kind, exit_reason, screened_out)| {
                Step::Decide {
                    kind,
                    exit_reason,
                    screened_out,
                }
            }),
            Just(Step::RecordConsent),
            consent.prop_map(|consent| Step::StartSupport { consent }),
            (0u8..=13).prop_map(|months| Step::Review { months }),
            Just(Step::ReRefer),
        ]
    }

    /// The journey as a table: every (stage, step) that may succeed, and where it leads.
    fn allowed(stage: Stage, step: Step) -> Option<Stage> {
        use Stage::*;
        Some(match (stage, step) {
            (ReferralReceived, Step::StartScreening) => Screening,
            (ReferralReceived | Screening, Step::Screen(ScreeningOutcome::SuitableForChannel)) => {
                Assessment
            }
            (ReferralReceived | Screening, Step::Screen(_)) => Closed,
            (Assessment | AwaitingPanel | Adopted | Support, Step::RecordAssessment) => stage,
            (
                Assessment,
                Step::SendToPanel {
                    has_assessment: true,
                },
            ) => AwaitingPanel,
            (
                AwaitingPanel,
                Step::Decide {
                    kind: DecisionKind::Adopt,
                    screened_out: false,
                    ..
                },
            ) => Adopted,
            (
                AwaitingPanel,
                Step::Decide {
                    kind: DecisionKind::NotAdopt,
                    ..
                },
            ) => NotAdopted,
            (
                Adopted | Support,
                Step::Decide {
                    kind: DecisionKind::Remain,
                    ..
                },
            ) => stage,
            (
                Adopted | Support,
                Step::Decide {
                    kind: DecisionKind::Exit,
                    exit_reason: Some(_),
                    ..
                },
            ) => Exited,
            (Adopted | Support, Step::RecordConsent) => stage,
            (
                Adopted | Support,
                Step::StartSupport {
                    consent: ConsentState::Given,
                },
            ) => Support,
            (Exited, Step::Review { months: 6 }) => SixMonthReviewDone,
            (SixMonthReviewDone, Step::Review { months: 12 }) => Closed,
            (Closed | NotAdopted, Step::ReRefer) => ReferralReceived,
            _ => return None,
        })
    }

    proptest! {
        #[test]
        fn every_step_from_every_stage_follows_the_journey_or_names_its_rule(stage in any_stage(), step in any_step()) {
            match (apply(stage, step), allowed(stage, step)) {
                (Ok(next), Some(expected)) => prop_assert_eq!(next, expected),
                (Err(CoreError::RuleBroken { rule, message }), None) => {
                    prop_assert!(!rule.is_empty() && !message.is_empty());
                }
                (got, expected) => prop_assert!(false, "{stage:?} + {step:?}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn every_stage_is_reachable_from_a_new_referral() {
        let mut seen = HashSet::from([Stage::ReferralReceived]);
        let mut frontier = vec![Stage::ReferralReceived];
        let steps = [
            Step::StartScreening,
            Step::Screen(ScreeningOutcome::SuitableForChannel),
            Step::Screen(ScreeningOutcome::PoliceLedCaseManagement),
            Step::SendToPanel {
                has_assessment: true,
            },
            Step::Decide {
                kind: DecisionKind::Adopt,
                exit_reason: None,
                screened_out: false,
            },
            Step::Decide {
                kind: DecisionKind::NotAdopt,
                exit_reason: None,
                screened_out: false,
            },
            Step::Decide {
                kind: DecisionKind::Exit,
                exit_reason: Some(ExitReason::Other),
                screened_out: false,
            },
            Step::StartSupport {
                consent: ConsentState::Given,
            },
            Step::Review { months: 6 },
            Step::Review { months: 12 },
        ];
        while let Some(stage) = frontier.pop() {
            for step in steps {
                if let Ok(next) = apply(stage, step) {
                    if seen.insert(next) {
                        frontier.push(next);
                    }
                }
            }
        }
        assert_eq!(seen.len(), Stage::ALL.len());
    }

    #[test]
    fn the_review_a_stage_waits_for_is_the_one_the_journey_accepts() {
        for stage in Stage::ALL {
            let accepted: Vec<u8> = (0..=24)
                .filter(|&months| apply(stage, Step::Review { months }).is_ok())
                .collect();
            assert_eq!(
                accepted,
                stage.review_months().into_iter().collect::<Vec<_>>()
            );
            assert_eq!(
                Stage::AWAITING_REVIEW.contains(&stage),
                stage.review_months().is_some()
            );
        }
    }
}
