//! Fault injection: answers a real server gives on a bad day, on purpose, so that clients'
//! retries, timeouts and error handling can be tested and shown.
//!
//! A rule applies to one action or to all, either at random (`rate`) or as a script of the
//! next calls' outcomes (`script`), which runs once and is then done. Rules are checked in the
//! order they were added; the first that fires decides.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// An error answer with this status (429 and 503 carry `Retry-After: 1`).
    Status(u16),
    /// The answer comes after this delay (then it is the normal answer).
    Slow(Duration),
    /// The connection is closed in the middle of the answer.
    Drop,
    /// A success status with a body that is not valid JSON.
    MalformedJson,
}

impl Fault {
    /// Parses `429`, `500`, `503`, `slow:250ms`, `slow:2s`, `drop` or `malformed`.
    pub fn parse(text: &str) -> Option<Fault> {
        match text {
            "drop" => Some(Fault::Drop),
            "malformed" => Some(Fault::MalformedJson),
            _ => {
                if let Some(delay) = text.strip_prefix("slow:") {
                    let millis = if let Some(ms) = delay.strip_suffix("ms") {
                        ms.parse::<u64>().ok()?
                    } else {
                        delay.strip_suffix('s')?.parse::<u64>().ok()? * 1000
                    };
                    return Some(Fault::Slow(Duration::from_millis(millis)));
                }
                let status: u16 = text.parse().ok()?;
                (400..600)
                    .contains(&status)
                    .then_some(Fault::Status(status))
            }
        }
    }
}

/// A fault at random, as a command line writes it: `[ACTION=]FAULT@PROBABILITY`, such as
/// `503@0.1` (one call in ten of every action) or `workos_users_list=slow:2s@1`.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// The action's name, or `None` for every action.
    pub action: Option<String>,
    pub fault: Fault,
    /// From 0 (never) to 1 (every call).
    pub probability: f64,
}

impl std::str::FromStr for FaultRule {
    type Err = String;

    fn from_str(text: &str) -> Result<FaultRule, String> {
        let (action, rule) = split_action(text);
        let (fault, probability) = rule.rsplit_once('@').ok_or_else(|| {
            format!("`{text}`: write [ACTION=]FAULT@PROBABILITY, such as 503@0.1")
        })?;
        let fault = Fault::parse(fault).ok_or_else(|| {
            format!(
                "`{fault}` is not a fault: use a 4xx or 5xx status, slow:250ms, slow:2s, drop or \
                 malformed"
            )
        })?;
        let probability: f64 = probability
            .parse()
            .ok()
            .filter(|p: &f64| (0.0..=1.0).contains(p))
            .ok_or_else(|| format!("`{probability}` is not a probability from 0 to 1"))?;
        Ok(FaultRule {
            action,
            fault,
            probability,
        })
    }
}

/// `ACTION=REST` gives the action and the rest; text without `=` applies to every action.
pub(crate) fn split_action(text: &str) -> (Option<String>, &str) {
    match text.split_once('=') {
        Some((action, rest)) => (Some(action.to_owned()), rest),
        None => (None, text),
    }
}

#[derive(Debug)]
enum Plan {
    /// Each call fails with this probability.
    Rate { fault: Fault, probability: f64 },
    /// The next calls, in order: a fault, or `None` to let one through.
    Script(VecDeque<Option<Fault>>),
}

#[derive(Debug)]
struct Rule {
    /// The action's name, or `None` for every action.
    action: Option<String>,
    plan: Plan,
}

/// The fault rules of a running emulator; change them at any time.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<Rule>>,
}

impl Faults {
    /// Every call of `action` (or of every action with `None`) fails with `fault` with this
    /// probability (0 to 1).
    pub fn rate(&self, action: Option<&str>, fault: Fault, probability: f64) {
        self.push(Rule {
            action: action.map(str::to_owned),
            plan: Plan::Rate {
                fault,
                probability: probability.clamp(0.0, 1.0),
            },
        });
    }

    /// The next calls of `action` (or of any action) meet these outcomes in order: a fault,
    /// or `None` to let one call through. Once used up, the script is gone.
    pub fn script(&self, action: Option<&str>, steps: impl IntoIterator<Item = Option<Fault>>) {
        self.push(Rule {
            action: action.map(str::to_owned),
            plan: Plan::Script(steps.into_iter().collect()),
        });
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn push(&self, rule: Rule) {
        self.lock().push(rule);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Rule>> {
        self.rules
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// The fault this call of `action` meets, if any.
    pub(crate) fn draw(&self, action: &str) -> Option<Fault> {
        let mut rules = self.lock();
        let mut outcome = None;
        let mut decided = false;
        for rule in rules.iter_mut() {
            if rule
                .action
                .as_deref()
                .is_some_and(|wanted| wanted != action)
            {
                continue;
            }
            match &mut rule.plan {
                Plan::Rate { fault, probability } => {
                    if fastrand::f64() < *probability {
                        outcome = Some(*fault);
                        decided = true;
                    }
                }
                Plan::Script(steps) => {
                    if let Some(step) = steps.pop_front() {
                        outcome = step;
                        decided = true;
                    }
                }
            }
            if decided {
                break;
            }
        }
        rules.retain(|rule| !matches!(&rule.plan, Plan::Script(steps) if steps.is_empty()));
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_run_in_order_per_action_then_vanish() {
        let faults = Faults::default();
        faults.script(
            Some("a"),
            [Some(Fault::Status(500)), None, Some(Fault::Drop)],
        );
        assert_eq!(faults.draw("b"), None);
        assert_eq!(faults.draw("a"), Some(Fault::Status(500)));
        assert_eq!(faults.draw("a"), None);
        assert_eq!(faults.draw("a"), Some(Fault::Drop));
        assert_eq!(faults.draw("a"), None);
    }

    #[test]
    fn rates_of_zero_and_one_are_never_and_always() {
        let faults = Faults::default();
        faults.rate(None, Fault::Status(503), 0.0);
        assert!((0..100).all(|_| faults.draw("x").is_none()));
        faults.clear();
        faults.rate(None, Fault::MalformedJson, 1.0);
        assert!((0..100).all(|_| faults.draw("x") == Some(Fault::MalformedJson)));
    }

    #[test]
    fn faults_parse_from_their_short_names() {
        assert_eq!(Fault::parse("429"), Some(Fault::Status(429)));
        assert_eq!(
            Fault::parse("slow:250ms"),
            Some(Fault::Slow(Duration::from_millis(250)))
        );
        assert_eq!(
            Fault::parse("slow:2s"),
            Some(Fault::Slow(Duration::from_secs(2)))
        );
        assert_eq!(Fault::parse("drop"), Some(Fault::Drop));
        assert_eq!(Fault::parse("malformed"), Some(Fault::MalformedJson));
        assert_eq!(Fault::parse("200"), None);
        assert_eq!(Fault::parse("nonsense"), None);
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;

    #[test]
    fn fault_rules_read_as_written() {
        let all: FaultRule = "503@0.1".parse().unwrap();
        assert_eq!(
            all,
            FaultRule {
                action: None,
                fault: Fault::Status(503),
                probability: 0.1
            }
        );
        let one: FaultRule = "things_list=slow:2s@1".parse().unwrap();
        assert_eq!(one.action.as_deref(), Some("things_list"));
        assert_eq!(one.fault, Fault::Slow(Duration::from_secs(2)));
        for bad in ["503", "600@0.5", "drop@2", "slow:fast@1", "x=@1"] {
            assert!(bad.parse::<FaultRule>().is_err(), "{bad}");
        }
    }
}
