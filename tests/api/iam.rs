//! Least privilege, held statically: DynamoDB Local ignores IAM, so nothing else would notice a
//! policy in `template.yaml` that grants more than the code declares (an over-grant) or less
//! (an outage on the first real request). Each function's policy must grant exactly the
//! [`Grant`]s declared beside the store traits it takes (`shared::table_grants`).

use std::collections::BTreeSet;

use shared::db::keys::{self, Grant};
use xtask::project::Yaml;

/// One permission, flattened: action, what it is on (the table or an index), the key prefix,
/// and the attribute and return-value limits, if any.
type Permission = (String, String, String, Option<Vec<String>>, Option<Vec<String>>);

fn strings(yaml: &Yaml) -> Vec<String> {
    match yaml {
        Yaml::String(one) => vec![one.clone()],
        Yaml::Array(many) => many
            .iter()
            .map(|v| v.as_str().expect("a string").to_string())
            .collect(),
        other => panic!("expected a string or a list, found {other:?}"),
    }
}

fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort();
    list
}

/// Every statement of a function's `Policies`.
fn statements(function: &Yaml) -> Vec<&Yaml> {
    let policies = function["Properties"]["Policies"].as_vec().expect("Policies");
    policies
        .iter()
        .flat_map(|policy| policy["Statement"].as_vec().expect("Statement"))
        .collect()
}

/// Whether a statement is about the table (its actions `dynamodb:`); the others are held by
/// [`only_accounts_sends_email_and_only_as_the_sender`].
fn is_dynamodb(statement: &Yaml) -> bool {
    strings(&statement["Action"])
        .iter()
        .all(|a| a.starts_with("dynamodb:"))
}

/// The permissions a function's `Policies` grant in the table.
fn granted(function: &Yaml) -> BTreeSet<Permission> {
    let mut permissions = BTreeSet::new();
    {
        for statement in statements(function).into_iter().filter(|s| is_dynamodb(s)) {
            assert_eq!(statement["Effect"].as_str(), Some("Allow"));
            let resource = statement["Resource"].as_str().expect("one Resource");
            let target = match resource {
                "Table.Arn" => "table".to_string(),
                other => match other.strip_prefix("${Table.Arn}/index/") {
                    Some(index) => format!("index:{index}"),
                    None => panic!("a resource beside the table: {other}"),
                },
            };
            let mut prefixes = vec![String::new()];
            let (mut attributes, mut return_values) = (None, None);
            if let Some(conditions) = statement["Condition"].as_hash() {
                for (operator, keys) in conditions {
                    for (key, values) in keys.as_hash().expect("condition keys") {
                        let values = strings(values);
                        match (operator.as_str().unwrap(), key.as_str().unwrap()) {
                            ("ForAllValues:StringLike", "dynamodb:LeadingKeys") => {
                                prefixes = values
                                    .iter()
                                    .map(|v| v.strip_suffix('*').expect("a prefix pattern").to_string())
                                    .collect()
                            }
                            ("ForAllValues:StringEquals", "dynamodb:Attributes") => {
                                attributes = Some(sorted(values))
                            }
                            ("StringEqualsIfExists", "dynamodb:ReturnValues") => {
                                return_values = Some(sorted(values))
                            }
                            (operator, key) => {
                                panic!("a condition this test does not know: {operator} {key}")
                            }
                        }
                    }
                }
            }
            for action in strings(&statement["Action"]) {
                let action = action
                    .strip_prefix("dynamodb:")
                    .expect("a DynamoDB action")
                    .to_string();
                for prefix in &prefixes {
                    permissions.insert((
                        action.clone(),
                        target.clone(),
                        prefix.clone(),
                        attributes.clone(),
                        return_values.clone(),
                    ));
                }
            }
        }
    }
    permissions
}

fn declared(grants: &[Grant]) -> BTreeSet<Permission> {
    let own = |list: Option<&[&str]>| list.map(|l| sorted(l.iter().map(|s| s.to_string()).collect()));
    let mut permissions = BTreeSet::new();
    for grant in grants {
        if let Some(index) = grant.index {
            permissions.insert((
                grant.action.to_string(),
                format!("index:{index}"),
                String::new(),
                None,
                None,
            ));
        }
        for prefix in grant.prefixes {
            permissions.insert((
                grant.action.to_string(),
                "table".to_string(),
                prefix.to_string(),
                own(grant.attributes),
                own(grant.return_values),
            ));
        }
    }
    permissions
}

#[test]
fn every_function_is_granted_exactly_what_its_code_declares() {
    let template = xtask::project::template();
    let mut checked = Vec::new();
    for (name, resource) in xtask::project::functions(&template) {
        let grants = shared::table_grants(&name).unwrap_or_else(|| panic!("{name} declares no grants"));
        let (granted, declared) = (granted(resource), declared(&grants));
        let over: Vec<_> = granted.difference(&declared).collect();
        let under: Vec<_> = declared.difference(&granted).collect();
        assert!(
            over.is_empty() && under.is_empty(),
            "{name}: template.yaml grants beyond the code {over:#?}\nand lacks what the code needs {under:#?}"
        );
        checked.push(name);
    }
    checked.sort();
    assert_eq!(checked, ["accounts", "health", "links", "redirect"]);
}

/// Email is the accounts function's alone (password resets), and only `ses:SendEmail` from the
/// `EmailSender` parameter's address, on its identity and the stack's configuration set.
#[test]
fn only_accounts_sends_email_and_only_as_the_sender() {
    let template = xtask::project::template();
    for (name, resource) in xtask::project::functions(&template) {
        let others: Vec<&Yaml> = statements(resource)
            .into_iter()
            .filter(|s| !is_dynamodb(s))
            .collect();
        if name != "accounts" {
            assert!(
                others.is_empty(),
                "{name} may do more than use the table: {others:?}"
            );
            continue;
        }
        assert_eq!(others.len(), 1, "one statement beside the table's");
        let ses = others[0];
        assert_eq!(ses["Effect"].as_str(), Some("Allow"));
        assert_eq!(strings(&ses["Action"]), ["ses:SendEmail"]);
        let resources = strings(&ses["Resource"]);
        assert_eq!(resources.len(), 2);
        assert!(
            resources[0].ends_with(":identity/${EmailIdentity}"),
            "{resources:?}"
        );
        assert!(
            resources[1].ends_with(":configuration-set/${EmailConfiguration}"),
            "{resources:?}"
        );
        assert_eq!(
            ses["Condition"]["StringEquals"]["ses:FromAddress"].as_str(),
            Some("EmailSender"),
            "only from the sender's address"
        );
        let environment = &resource["Properties"]["Environment"]["Variables"];
        assert_eq!(environment["EMAIL_BACKEND"].as_str(), Some("ses"));
    }
}

/// A grant with attribute limits must also limit what comes back: `ALL_OLD` or `ALL_NEW` would
/// read every attribute of the item, the ones it may not touch included.
#[test]
fn attribute_limits_come_with_return_value_limits() {
    for function in crate::helpers::FUNCTIONS {
        for grant in shared::table_grants(function).unwrap() {
            assert_eq!(
                grant.attributes.is_some(),
                grant.return_values.is_some(),
                "{grant:?}"
            );
            for value in grant.return_values.unwrap_or_default() {
                assert!(
                    ["NONE", "UPDATED_NEW", "UPDATED_OLD"].contains(value),
                    "{grant:?}"
                );
            }
            for attribute in ["pk", "sk"] {
                assert!(
                    grant.attributes.is_none_or(|a| a.contains(&attribute)),
                    "the key attributes are named too: {grant:?}"
                );
            }
        }
    }
}

/// No prefix is declared that no function is granted (a stale one), and no grant names a
/// prefix that is not one of the item types.
#[test]
fn every_item_type_is_reached_by_some_function_and_only_those() {
    let mut used = BTreeSet::new();
    for function in crate::helpers::FUNCTIONS {
        for grant in shared::table_grants(function).unwrap() {
            used.extend(grant.prefixes.iter().copied());
        }
    }
    assert_eq!(used, keys::ALL.into_iter().collect::<BTreeSet<_>>());
}
