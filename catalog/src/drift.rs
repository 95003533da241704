//! The differences from the vendor's OpenAPI document a spec may declare on purpose.
//!
//! An action, a model or an enum may carry a `drift` list of these; the drift report
//! (`actionspec-openapi`) lists a declared difference as such, and one that matches nothing any
//! more as [`Kind::StaleDeclaration`]. An `excluded` entry that names no operation left out is
//! [`Kind::StaleExclusion`].

use std::fmt;

/// What kind of difference a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// No operation of the document has the action's method and path.
    OperationMissing,
    /// The operation answers success with another status.
    Status,
    /// The answer is of another type altogether (a list where the catalog has one object).
    AnswerType,
    /// The document has a parameter the catalog lacks.
    ParamMissing,
    /// The catalog has a parameter the document lacks.
    ParamExtra,
    /// The parameter travels elsewhere (`in`).
    ParamLocation,
    /// The parameter's type differs.
    ParamType,
    /// One side requires the parameter, the other does not.
    ParamRequired,
    /// An enum's values differ: some are on one side only.
    EnumValues,
    /// The document's object has a field the model lacks.
    FieldMissing,
    /// The model has a field the document's object lacks.
    FieldExtra,
    /// A field's type (or whether it may be null) differs.
    FieldType,
    /// A `drift` declaration that matches no difference.
    StaleDeclaration,
    /// An `excluded` entry that names no operation of the document, or one an action covers.
    StaleExclusion,
}

impl Kind {
    /// The kinds a `drift` entry of the spec may declare.
    pub const DECLARABLE: [Kind; 12] = [
        Kind::OperationMissing,
        Kind::Status,
        Kind::AnswerType,
        Kind::ParamMissing,
        Kind::ParamExtra,
        Kind::ParamLocation,
        Kind::ParamType,
        Kind::ParamRequired,
        Kind::EnumValues,
        Kind::FieldMissing,
        Kind::FieldExtra,
        Kind::FieldType,
    ];

    /// The spelling in the spec and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OperationMissing => "operation_missing",
            Kind::Status => "status",
            Kind::AnswerType => "answer_type",
            Kind::ParamMissing => "param_missing",
            Kind::ParamExtra => "param_extra",
            Kind::ParamLocation => "param_location",
            Kind::ParamType => "param_type",
            Kind::ParamRequired => "param_required",
            Kind::EnumValues => "enum_values",
            Kind::FieldMissing => "field_missing",
            Kind::FieldExtra => "field_extra",
            Kind::FieldType => "field_type",
            Kind::StaleDeclaration => "stale_declaration",
            Kind::StaleExclusion => "stale_exclusion",
        }
    }

    /// True for the kinds about one parameter or field, which a declaration names.
    pub fn names_a_member(self) -> bool {
        matches!(
            self,
            Kind::ParamMissing
                | Kind::ParamExtra
                | Kind::ParamLocation
                | Kind::ParamType
                | Kind::ParamRequired
                | Kind::FieldMissing
                | Kind::FieldExtra
                | Kind::FieldType
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
