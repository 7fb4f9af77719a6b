//! Import of Phụ lục 01 workbooks (placeholder while the importer is written).

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Other(String),
}

impl ImportError {
    pub fn code(&self) -> &'static str {
        "import"
    }
}
