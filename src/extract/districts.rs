//! The districts table of a draft: the one given (`--districts`), Ezhou's bundled one when the
//! text names 鄂州, or none — grown by the districts the unit lists name, each addition noted.

use super::review::{NoteKind, ReviewNote};
use super::units;
use crate::catalog::{District, Town, ALL_DISTRICTS};

/// The Ezhou tables bundled with dabiao, used when the text names 鄂州 and no table is given.
const EZHOU_DISTRICTS: &str = include_str!("../../seeds/districts.csv");
const EZHOU_TOWNS: &str = include_str!("../../seeds/towns.csv");

/// The districts known before the items are read.
pub struct Table {
    pub districts: Vec<District>,
    /// Whether the user gave the table: names found in the text are then additions to note.
    pub provided: bool,
    /// Towns whose district is known (Ezhou's bundled table).
    pub known_towns: Vec<Town>,
}

impl Table {
    pub fn new(given: Option<&Vec<District>>, ezhou: bool, notes: &mut Vec<ReviewNote>) -> Table {
        let provided = given.is_some();
        let districts = match given {
            Some(d) => d.clone(),
            None if ezhou => {
                crate::catalog::seeds::parse("districts.csv", EZHOU_DISTRICTS).unwrap_or_default()
            }
            None => Vec::new(),
        };
        let known_towns = if ezhou && !provided {
            crate::catalog::seeds::parse("towns.csv", EZHOU_TOWNS).unwrap_or_default()
        } else {
            Vec::new()
        };
        if !provided && ezhou {
            notes.push(ReviewNote::general(
                NoteKind::Guess,
                "文中提到鄂州，区县表取内置的鄂州五区（含两个功能区），乡镇所属区取内置鄂州乡镇表；如非鄂州请用 --districts 提供区县表",
            ));
        } else if !provided {
            notes.push(ReviewNote::general(
                NoteKind::Guess,
                "未提供区县表（--districts）：districts.csv 只含责任单位中点名的区县，“各区”等将只展开为这些区县，请补全",
            ));
        }
        Table {
            districts,
            provided,
            known_towns,
        }
    }

    /// The table's name for a district written `name` (its name or an alias).
    pub fn resolve<'a>(&'a self, name: &str) -> Option<&'a str> {
        resolve(&self.districts, name)
    }

    /// Adds a district named in a unit list, unless the table has it.
    pub fn add(&mut self, name: &str, notes: &mut Vec<ReviewNote>) {
        if self.resolve(name).is_some() || ALL_DISTRICTS.contains(&name) {
            return;
        }
        let code = format!("D{:02}", self.districts.len() + 1);
        let kind = units::guess_district_type(name);
        let why = if self.provided {
            "不在所给区县表中，已补入"
        } else {
            "由责任单位名单识别"
        };
        notes.push(ReviewNote::general(
            NoteKind::Guess,
            format!("区县“{name}”{why}：编码 {code}、类型“{kind}”为推测"),
        ));
        self.districts.push(District {
            code,
            name: name.to_string(),
            kind: kind.to_string(),
            aliases: String::new(),
        });
    }

    /// Canonical names with their aliases, as the place finders read them.
    pub fn names(&self) -> Vec<(String, Vec<String>)> {
        (self.districts.iter())
            .map(|d| {
                let aliases = crate::catalog::seeds::aliases(&d.aliases);
                (d.name.clone(), aliases.map(String::from).collect())
            })
            .collect()
    }

    /// The district of a town the bundled towns table knows.
    pub fn town_district(&self, town: &str) -> Option<String> {
        (self.known_towns.iter())
            .find(|k| k.name == town)
            .map(|k| k.district.clone())
            .filter(|d| !d.is_empty())
    }
}

pub fn resolve<'a>(table: &'a [District], name: &str) -> Option<&'a str> {
    table
        .iter()
        .find(|d| d.name == name || crate::catalog::seeds::aliases(&d.aliases).any(|a| a == name))
        .map(|d| d.name.as_str())
}
