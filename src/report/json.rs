//! JSON with the same figures as the other formats, for other tools: snake_case keys, fractions
//! (0.6, not 60), statuses as the progress rules name them. Charts are listed by title only.

use serde::Serialize;

use super::{Exporter, Lang, Layout, ReportData};
use crate::error::{Error, Result};

pub struct JsonExporter {
    pub layout: Layout,
}

#[derive(Serialize)]
struct Envelope<'a> {
    layout: Layout,
    lang: Lang,
    #[serde(flatten)]
    data: &'a ReportData,
}

impl Exporter for JsonExporter {
    fn render(&self, data: &ReportData, lang: Lang) -> Result<Vec<u8>> {
        let env = Envelope {
            layout: self.layout,
            lang,
            data,
        };
        let mut out = serde_json::to_vec_pretty(&env)
            .map_err(|e| Error::Usage(format!("内部错误：无法序列化报告: {e}")))?;
        out.push(b'\n');
        Ok(out)
    }
}
