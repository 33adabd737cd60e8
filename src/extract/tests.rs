//! The extractor against the curated Ezhou catalog and the fixture documents.

use super::*;
use crate::catalog::{Catalog, Indicator, Item, LeverKind};

const SEED: &str = include_str!("../../seeds/policy-ezhou-2022.txt");
const FIX_LEAD: &[u8] = include_bytes!("../../tests/fixtures/extract/lead-support-percent.txt");
const FIX_GBK: &[u8] = include_bytes!("../../tests/fixtures/extract/gbk-circled-county.txt");

fn seed_draft() -> Draft {
    let opts = ExtractOptions {
        source_name: Some("policy-ezhou-2022.txt".into()),
        ..Default::default()
    };
    extract(SEED, &opts)
}

fn draft_catalog(d: &Draft) -> (tempfile::TempDir, Catalog) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_draft(d, dir.path()).expect("write draft");
    let c = Catalog::from_dir(dir.path()).unwrap_or_else(|e| panic!("draft does not load: {e}"));
    (dir, c)
}

fn item(d: &Draft, no: u32) -> &Item {
    d.items
        .items
        .iter()
        .find(|i| i.no == no)
        .expect("item exists")
}

/// (name, value, unit) of an item's indicators that carry a city target.
/// Each item's number, label and units.
fn numbered(d: &Draft) -> Vec<(u32, &str, Vec<&str>)> {
    (d.items.items.iter())
        .map(|i| {
            let label = i.label.as_deref().unwrap_or("");
            (i.no, label, i.units.iter().map(String::as_str).collect())
        })
        .collect()
}

fn targets(d: &Draft, no: u32) -> Vec<(String, f64, String)> {
    item(d, no)
        .indicators
        .iter()
        .filter_map(|i: &Indicator| {
            let t = i.targets.iter().find(|t| t.scope == crate::catalog::CITY)?;
            Some((i.name.clone(), t.value, i.unit.clone()))
        })
        .collect()
}

#[test]
fn seed_structure_matches_curated_catalog() {
    let curated = Catalog::bundled().expect("bundled catalog");
    let d = seed_draft();
    let (_dir, c) = draft_catalog(&d);
    assert_eq!(c.sections.len(), 6);
    let titles: Vec<_> = c.sections.iter().map(|s| &s.title).collect();
    let want: Vec<_> = curated.sections.iter().map(|s| &s.title).collect();
    assert_eq!(titles, want);
    assert_eq!(c.items.len(), 52);
    for want in &curated.items {
        let got = c
            .item(want.no)
            .unwrap_or_else(|| panic!("item {} missing", want.no));
        assert_eq!(got.section, want.section, "section of item {}", want.no);
        assert_eq!(got.text, want.text, "text of item {}", want.no);
        assert_eq!(got.units, want.units, "units of item {}", want.no);
        assert_eq!(
            got.districts, want.districts,
            "districts (expanded) of item {}",
            want.no
        );
    }
    // As written, before expansion: 各区 stays 各区, item 10 names 梁子湖区, item 5 none.
    assert_eq!(item(&d, 1).districts, ["各区"]);
    assert_eq!(item(&d, 10).districts, ["梁子湖区"]);
    assert!(item(&d, 5).districts.is_empty());
    let dn: Vec<_> = c.districts.iter().map(|x| &x.name).collect();
    let wn: Vec<_> = curated.districts.iter().map(|x| &x.name).collect();
    assert_eq!(dn, wn);
}

#[test]
fn seed_levers_match_curated_catalog() {
    let curated = Catalog::bundled().expect("bundled catalog");
    let d = seed_draft();
    let got: Vec<(LeverKind, u32, &str)> = d
        .plan
        .levers
        .iter()
        .map(|l| (l.kind, l.no, l.name.as_str()))
        .collect();
    let want: Vec<(LeverKind, u32, &str)> = curated
        .levers
        .iter()
        .map(|l| (l.kind, l.no, l.name.as_str()))
        .collect();
    assert_eq!(got, want);
    let per_kind: Vec<usize> = LeverKind::ALL
        .iter()
        .map(|k| d.plan.levers.iter().filter(|l| l.kind == *k).count())
        .collect();
    assert_eq!(per_kind, [5, 6, 6, 6, 10, 15]);
    assert!(
        !d.review.iter().any(|n| n.kind == NoteKind::CountMismatch),
        "{:?}",
        d.review
    );
}

#[test]
fn seed_units_table_matches_curated_names() {
    let curated = Catalog::bundled().expect("bundled catalog");
    let d = seed_draft();
    let got: Vec<&str> = d.units.iter().map(|u| u.name.as_str()).collect();
    let want: Vec<&str> = curated.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(got, want);
    // Types are guessed by name; the curated catalog decided three by judgement.
    for (g, w) in d.units.iter().zip(&curated.units) {
        if !["市邮政管理局"].contains(&g.name.as_str()) {
            assert_eq!(g.kind, w.kind, "type of {}", g.name);
        }
    }
}

#[test]
fn seed_goals_and_tasks() {
    let curated = Catalog::bundled().expect("bundled catalog");
    let d = seed_draft();
    let codes: Vec<_> = d
        .plan
        .goals
        .iter()
        .map(|g| (&g.code, &g.text, &g.points))
        .collect();
    let want: Vec<_> = curated
        .goals
        .iter()
        .map(|g| (&g.code, &g.text, &g.points))
        .collect();
    assert_eq!(codes, want);
    let tasks: Vec<_> = d
        .plan
        .tasks
        .iter()
        .map(|t| (&t.title, &t.points, &t.items))
        .collect();
    let want: Vec<_> = curated
        .tasks
        .iter()
        .map(|t| (&t.title, &t.points, &t.items))
        .collect();
    assert_eq!(tasks, want);
    let meta = d.plan.plan.as_ref().expect("plan meta");
    assert_eq!(
        (meta.region.as_str(), meta.year, meta.seeds.as_str()),
        ("鄂州市", 2022, ".")
    );
}

#[test]
fn seed_targets_of_items_17_26() {
    let d = seed_draft();
    let t17 = targets(&d, 17);
    let vu: Vec<(f64, &str)> = t17.iter().map(|(_, v, u)| (*v, u.as_str())).collect();
    assert_eq!(
        vu,
        [(50.0, "公里"), (100.0, "%"), (1.0, "个"), (20.0, "个")]
    );
    assert_eq!(t17[1].0, "农村公路危桥改造完成率");
    assert_eq!(item(&d, 17).indicators[0].code, "T17-01");
    let t26: Vec<(String, f64, String)> = targets(&d, 26);
    assert_eq!(
        t26,
        [
            ("乡村旅游特色村".to_string(), 10.0, "个".to_string()),
            ("特色乡村民宿".to_string(), 10.0, "个".to_string()),
            ("农文旅融合的A级旅游景区".to_string(), 5.0, "个".to_string()),
        ]
    );
}

#[test]
fn seed_targets_of_items_49_28_24() {
    let d = seed_draft();
    let i49 = item(&d, 49);
    assert_eq!(i49.places.len(), 7);
    let count = &i49.indicators[0];
    assert_eq!(
        (count.name.as_str(), count.unit.as_str()),
        ("首批美丽城镇示范样板", "个")
    );
    assert_eq!(count.targets[0].value, 7.0);
    let split: Vec<(&str, f64)> = count.targets[1..]
        .iter()
        .map(|t| (t.scope.as_str(), t.value))
        .collect();
    assert_eq!(split, [("鄂城区", 3.0), ("华容区", 1.0), ("梁子湖区", 3.0)]);
    assert_eq!(i49.indicators.len(), 8);

    let i28 = item(&d, 28);
    assert_eq!(i28.indicators[0].name, "数字农业试点");
    assert_eq!(i28.indicators[0].targets[0].value, 3.0);
    let ds: Vec<&str> = i28.indicators[1..]
        .iter()
        .filter_map(|i| i.district.as_deref())
        .collect();
    assert_eq!(ds, ["鄂城区", "华容区", "梁子湖区"]);
    assert_eq!(i28.places, ["鄂城区", "华容区", "梁子湖区"]);

    let i24 = item(&d, 24);
    assert_eq!(
        (
            i24.indicators[0].name.as_str(),
            i24.indicators[0].unit.as_str()
        ),
        ("优势产业链", "条")
    );
    assert_eq!(i24.indicators[0].targets[0].value, 6.0);
    let chains: Vec<&str> = i24.indicators[1..]
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        chains,
        [
            "粮油优势产业链",
            "种业优势产业链",
            "武昌鱼优势产业链",
            "生猪优势产业链",
            "果蔬优势产业链",
            "花木优势产业链"
        ]
    );
}

#[test]
fn seed_completion_targets() {
    let d = seed_draft();
    for no in [2, 12, 17, 21, 22, 27, 52] {
        assert!(
            item(&d, no)
                .indicators
                .iter()
                .any(|i| i.unit == "%" && i.targets[0].value == 100.0),
            "item {no} should have a 100% completion target"
        );
    }
    // No invented numbers: 一批, 十年禁渔, 四个不摘 give none.
    for no in [18, 32, 52] {
        assert!(
            item(&d, no).indicators.iter().all(|i| i.unit == "%"),
            "item {no}: {:?}",
            item(&d, no).indicators
        );
    }
}

#[test]
fn seed_review_lists_uncertainties() {
    let d = seed_draft();
    let review = review::render(&d.review, "x");
    assert!(
        review.contains("记者"),
        "trailing text after item 52 is reported"
    );
    assert!(d
        .review
        .iter()
        .any(|n| n.item == Some(28) && n.kind == NoteKind::Guess));
}

#[test]
fn extraction_is_deterministic() {
    let a = seed_draft().files().expect("files");
    let b = seed_draft().files().expect("files");
    assert_eq!(a, b);
    let d = seed_draft();
    let one = tempfile::tempdir().expect("temp");
    let two = tempfile::tempdir().expect("temp");
    write_draft(&d, one.path()).expect("write");
    write_draft(&seed_draft(), two.path()).expect("write");
    for (name, _) in &a {
        let x = std::fs::read(one.path().join(name)).expect("read");
        let y = std::fs::read(two.path().join(name)).expect("read");
        assert_eq!(x, y, "{name} differs");
    }
}

#[test]
fn bom_and_crlf_and_gbk_give_the_same_draft() {
    let plain = seed_draft().files().expect("files");
    let opts = ExtractOptions {
        source_name: Some("policy-ezhou-2022.txt".into()),
        ..Default::default()
    };
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(SEED.replace('\n', "\r\n").as_bytes());
    assert_eq!(extract_bytes(&bom, &opts).files().expect("files"), plain);
    let (gbk, _, _) = encoding_rs::GB18030.encode(SEED);
    assert_eq!(extract_bytes(&gbk, &opts).files().expect("files"), plain);
}

#[test]
fn fixture_lead_support_percent() {
    let d = extract_bytes(FIX_LEAD, &ExtractOptions::default());
    let (_dir, c) = draft_catalog(&d);
    let meta = d.plan.plan.as_ref().expect("meta");
    assert_eq!((meta.region.as_str(), meta.year), ("云川市", 2023));
    assert_eq!(c.sections.len(), 3);
    assert_eq!(c.items.len(), 7);
    let units: Vec<Vec<&str>> = d
        .items
        .items
        .iter()
        .map(|i| i.units.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        units,
        vec![
            vec!["市农业农村局", "市发改委", "市财政局"],
            vec!["市农业农村局", "市自然资源和规划局"],
            vec!["市水务局", "市生态环境局"],
            vec!["市住建局", "市城管执法局"],
            vec!["市卫健委"],
            vec!["市教育局", "市财政局"],
            vec!["市人社局", "市总工会"],
        ]
    );
    assert_eq!(item(&d, 1).districts, ["各县市区"]);
    assert_eq!(item(&d, 3).districts, ["金川区", "临江县"]);
    assert_eq!(item(&d, 5).districts, Vec::<String>::new());
    // 各县市区 expands to the districts named in the unit lists.
    assert_eq!(
        c.item(1).expect("item 1").districts,
        ["金川区", "临江县", "大河市"]
    );
    assert_eq!(
        targets(&d, 1),
        [("粮食播种面积".to_string(), 800000.0, "亩".to_string())]
    );
    let t3 = targets(&d, 3);
    assert_eq!(
        t3[0],
        ("农村生活污水治理率".to_string(), 60.0, "%".to_string())
    );
    assert_eq!(
        targets(&d, 4)[0],
        ("农村卫生厕所普及率".to_string(), 95.0, "%".to_string())
    );
    assert_eq!(
        targets(&d, 5),
        [(
            "村卫生室标准化建设完成率".to_string(),
            100.0,
            "%".to_string()
        )]
    );
    assert_eq!(
        targets(&d, 6)[0],
        ("改扩建义务教育学校".to_string(), 12.0, "所".to_string())
    );
    assert_eq!(
        targets(&d, 7)[0],
        (
            "开展农村劳动力转移就业培训".to_string(),
            5000.0,
            "人次".to_string()
        )
    );
    let lower = item(&d, 3)
        .indicators
        .iter()
        .find(|i| i.name.contains("黑臭"))
        .expect("黑臭 indicator");
    assert_eq!(lower.direction, crate::catalog::Direction::Lower);
    assert!(d.review.iter().any(|n| n.message.contains("未提供区县表")));
    assert!(
        d.review
            .iter()
            .any(|n| n.kind == NoteKind::CountMismatch && n.item == Some(2)),
        "{:#?}",
        d.review
    );
    assert!(
        item(&d, 4)
            .indicators
            .iter()
            .any(|i| i.unit == "套" && i.targets.iter().any(|t| t.value == 1200.0)),
        "改造户厕1200套"
    );
}

#[test]
fn fixture_gbk_circled_county() {
    assert!(
        String::from_utf8(FIX_GBK.to_vec()).is_err(),
        "fixture must be GBK-encoded"
    );
    let dist = crate::catalog::seeds::parse::<crate::catalog::District>(
        "d.csv",
        "code,name,type,aliases\nXS,溪山县,县,\nBS,白沙县,县,\nQC,青城市,市,\nGX,高新区,功能区,青城高新技术开发区\n",
    )
    .expect("districts");
    let d = extract_bytes(
        FIX_GBK,
        &ExtractOptions {
            districts: Some(dist),
            ..Default::default()
        },
    );
    let (_dir, c) = draft_catalog(&d);
    assert_eq!(c.sections.len(), 2);
    assert_eq!(c.items.len(), 6);
    assert!(
        d.review.iter().any(|n| n.message.contains("重新开始")),
        "restarted numbering is reported"
    );
    assert_eq!(
        item(&d, 4).label.as_deref(),
        Some("二.1"),
        "① of 二、 keeps its path"
    );
    assert_eq!(item(&d, 1).units, ["县农业农村局", "县财政局"]);
    assert_eq!(item(&d, 1).districts, ["各县市区"]);
    assert_eq!(c.item(1).expect("item").districts.len(), 4);
    assert_eq!(
        targets(&d, 1),
        [("新建高标准农田".to_string(), 15000.0, "亩".to_string())]
    );
    assert_eq!(
        targets(&d, 2),
        [("省级美丽乡村示范村".to_string(), 20.0, "个".to_string())]
    );
    assert_eq!(
        targets(&d, 3)[0],
        ("推进传统村落保护".to_string(), 3.0, "批".to_string())
    );
    assert_eq!(item(&d, 4).districts, ["高新区"]);
    assert_eq!(item(&d, 4).units, ["县商务局"]);
    let i5 = item(&d, 5);
    assert_eq!(i5.places, ["溪山县", "白沙县"]);
    assert_eq!(i5.indicators[0].targets.len(), 3);
    assert!(targets(&d, 6).iter().any(|t| t.1 == 120.0 && t.2 == "人次"));
    assert_eq!(
        d.towns.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["龙泉镇", "石门乡", "城关街道"]
    );
    assert!(d.towns.iter().all(|t| t.district.is_empty()));
    assert!(d.review.iter().any(|n| n.message.contains("所属区未知")));
}

mod no_panic {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn random_text_never_panics(s in "\\PC{0,200}") {
            let d = extract(&s, &ExtractOptions::default());
            let _ = d.files();
        }

        #[test]
        fn plan_like_text_never_panics(parts in proptest::collection::vec(prop_oneof![
            Just("一、"), Just("（一）"), Just("1."), Just("①"), Just("(责任单位:"), Just("〔"), Just("〕"), Just(")"),
            Just("牵头单位："), Just("各区"), Just("市局"), Just("、"), Just("，"), Just("。"), Just("\n"), Just("“"),
            Just("”"), Just("50公里"), Just("二十个"), Just("1.5万亩"), Just("完成"), Just("全覆盖"), Just("等"),
            Just("产业链"), Just("镇"), Just("乡"), Just("街道"), Just("华容区"), Just("重要抓手\n"), Just("发展目标\n"),
            Just("深化5个方面改革。"), Just("百分之"), Just("十"), Just("万"), Just("(含"), Just("下同"), Just("同上"),
            Just("鄂州"), Just("2022年度工作要点\n"), Just("牵头"), Just("配合"),
        ], 0..80)) {
            let text: String = parts.concat();
            let d = extract(&text, &ExtractOptions::default());
            let _ = d.files();
        }

        #[test]
        fn random_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = extract_bytes(&b, &ExtractOptions::default()).files();
        }
    }
}

#[test]
fn other_styles_suffix_roles_separate_lines_and_restarted_styles() {
    let text = "黄石市2023年工作要点\n\n一、推进要素流动\n1.深化改革，完成确权登记。（市自然资源和规划局牵头，市农业农村局、各区县配合）\n2.新建改建农村公路120公里。\n责任单位：市交通运输局、大冶市、阳新县\n3、推进改厕，农村卫生厕所普及率提高到90%以上。（责任单位：市农业农村局；完成时限：2023年12月底）\n二、其他\n(1)全市新增就业1.2万人。（责任部门：市人社局，下陆区）\n(2)打造3个示范区：甲区、乙区。（责任单位：同上）\n";
    let d = extract(text, &ExtractOptions::default());
    assert_eq!(
        d.plan.plan.as_ref().map(|p| p.region.as_str()),
        Some("黄石市")
    );
    assert_eq!(d.items.items.len(), 5);
    assert_eq!(item(&d, 1).units, ["市自然资源和规划局", "市农业农村局"]);
    assert_eq!(item(&d, 1).districts, ["各区县"]);
    assert_eq!(item(&d, 2).units, ["市交通运输局"]);
    assert_eq!(item(&d, 2).districts, ["大冶市", "阳新县"]);
    assert!(item(&d, 3).districts.is_empty(), "完成时限 is not a unit");
    assert_eq!(
        targets(&d, 3)[0],
        ("农村卫生厕所普及率".to_string(), 90.0, "%".to_string())
    );
    assert_eq!(item(&d, 4).section, 2);
    assert_eq!(
        item(&d, 5).units,
        ["市人社局"],
        "同上 copies the item before"
    );
    assert!(d
        .review
        .iter()
        .any(|n| n.kind == NoteKind::CountMismatch && n.item == Some(5)));
    let (_dir, c) = draft_catalog(&d);
    assert_eq!(
        c.item(1).expect("item 1").districts,
        ["大冶市", "阳新县", "下陆区"]
    );
}

#[test]
fn region_skips_function_words_before_the_government() {
    let mut notes = Vec::new();
    let text = "经市人民政府同意，现印发。已经市人民政府同意。武汉市人民政府办公厅";
    assert_eq!(
        super::meta::plan_region("重点工作任务", text, false, &mut notes),
        "武汉市"
    );
    assert!(notes.is_empty());
}

#[test]
fn plan_names_come_from_the_title_line() {
    use super::meta::document_name as n;
    assert_eq!(
        n("《某市2023年重点工作分工方案》已经市政府同意，现印发给你们。"),
        "某市2023年重点工作分工方案"
    );
    assert_eq!(
        n("运城市人民政府办公厅关于印发运城市应急体系建设规划责任分解的通知"),
        "运城市应急体系建设规划责任分解"
    );
    assert_eq!(n("2022年工作要点"), "2022年工作要点");
}

#[test]
fn a_units_line_after_a_run_of_sub_items_belongs_to_their_item() {
    let text = "某市应急体系建设规划责任分解\n\n重点任务\n(一)“一案三制”建设\n1.完善应急预案体系\n(1)加强应急预案管理。\n(2)推进应急预案精编化。\n(责任单位:市应急局、各县(市、区)人民政府)\n2.健全应急管理体制\n(1)推进办事机构建设。\n(2)完善运行机制。\n(3)建立会商制度。\n(责任单位:市应急局、市委编办)\n";
    let d = extract(text, &ExtractOptions::default());
    let got: Vec<(u32, Vec<&str>)> = (d.items.items.iter())
        .map(|i| (i.no, i.units.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        got,
        [(1, vec!["市应急局"]), (2, vec!["市应急局", "市委编办"])]
    );
    assert!(item(&d, 1).text.contains("加强应急预案管理"));
}

#[test]
fn a_task_table_pasted_as_text_gives_items_and_units() {
    let text = "某市2023年重点工作任务分工方案\n序号\t工作任务\t具体措施\t牵头单位\t责任单位\t完成时限\n一、优化审批\n1\t(一)实施清单管理。\t1.编制并公布行政许可事项清单。\t市行政审批局\t市司法局、各区县\t2023年11月底前\n2\t\t2.新建政务服务站20个。\t市司法局\t\t长期坚持\n";
    let d = extract(text, &ExtractOptions::default());
    let got: Vec<(u32, Vec<&str>, Vec<&str>)> = (d.items.items.iter())
        .map(|i| {
            let u = i.units.iter().map(String::as_str).collect();
            (i.no, u, i.districts.iter().map(String::as_str).collect())
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, vec!["市行政审批局", "市司法局"], vec!["各区县"]),
            (2, vec!["市司法局"], vec![]),
        ]
    );
    let road = &item(&d, 2).indicators[0];
    assert_eq!((road.unit.as_str(), road.targets[0].value), ("个", 20.0));
}

/// Issue 18: every numbered item is kept under its own path, with or without units, and a
/// `（一）` over numbered items is a heading while a `（二）` with its own clause is an item.
#[test]
fn nested_numbering_keeps_every_item_and_its_path() {
    let text = "某市2024年工作要点\n\n一、推进产业发展\n\n（一）做强制造业\n\n1.新建工业园区2个。（责任单位：市经信局）\n\n2.培育规上企业10家。\n\n（二）发展服务业。新增限上商贸企业20家。（责任单位：市商务局）\n\n二、保障民生\n\n（一）新增城镇就业1.2万人。（牵头单位：市人社局；配合单位：市财政局）\n\n（二）改造老旧小区30个。\n\n三、保障措施\n\n（一）加强组织领导。各地要高度重视。\n";
    let d = extract(text, &ExtractOptions::default());
    assert_eq!(
        numbered(&d),
        [
            (1, "一.一.1", vec!["市经信局"]),
            (2, "一.一.2", vec![]),
            (3, "一.二", vec!["市商务局"]),
            (4, "二.一", vec!["市人社局", "市财政局"]),
            (5, "二.二", vec![]),
        ]
    );
    let titles: Vec<&str> = d.plan.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["做强制造业", "推进产业发展", "保障民生"]);
    assert_eq!(
        targets(&d, 2),
        [("培育规上企业".to_string(), 10.0, "家".to_string())]
    );
    assert_eq!(targets(&d, 4)[0].1, 1.2, "1.2万人 in the catalog unit 万人");
    let review: Vec<&str> = d.review.iter().map(|n| n.message.as_str()).collect();
    assert!(review.iter().any(|m| m.contains("保障措施")), "{review:?}");
    assert!(
        (d.review.iter()).any(|n| n.item == Some(5) && n.kind == NoteKind::NoUnits),
        "an item without units is a review point"
    );
    // The draft loads: an item without units is a warning, not an error.
    let (_dir, c) = draft_catalog(&d);
    assert_eq!(c.items.len(), 5);
}

/// Issue 18: the targets of a 发展目标 item are read with their year (`到2025年`), Chinese
/// numerals, ranges (both ends) and money without a unit (`突破百亿`); ages and names with
/// digits are not targets. `二、发展目标` over unnumbered sentences is an item of its own.
#[test]
fn goals_item_targets_with_their_year_and_ranges() {
    let text = "某县2024年工作要点\n\n一、总体要求\n\n（一）指导思想\n\n坚持稳中求进工作总基调。\n\n（二）发展目标\n\n到2025年，全县新增市场主体2-3万户，培育国家级专精特新企业五家，数字经济核心产业规模突破百亿，建成5G基站1200个以上，35岁以下青年人才占比达到40%，实施“百人计划”。\n\n二、重点任务\n\n（一）壮大市场主体。每年新增市场主体3000户。（责任单位：县市场监管局）\n\n三、远景目标\n\n到2035年，全县人均地区生产总值达到15万元。\n";
    let d = extract(text, &ExtractOptions::default());
    let labels: Vec<&str> = (d.items.items.iter())
        .map(|i| i.label.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(labels, ["一.二", "二.一", "三"]);
    let nos: Vec<u32> = d.items.items.iter().map(|i| i.no).collect();
    assert_eq!(
        nos,
        [1, 2, 3],
        "numbers restarting under each heading are renumbered"
    );
    let goal = &d.items.items[0];
    assert!(goal.units.is_empty());
    let got: Vec<(f64, Option<f64>, &str, i32)> = (goal.indicators.iter())
        .map(|i| {
            let t = &i.targets[0];
            (t.value, t.upper, i.unit.as_str(), t.year)
        })
        .collect();
    assert_eq!(
        got,
        [
            (20000.0, Some(30000.0), "户", 2025),
            (5.0, None, "家", 2025),
            (100.0, None, "亿元", 2025),
            (1200.0, None, "个", 2025),
            (40.0, None, "%", 2025),
        ]
    );
    let task = &d.items.items[1];
    assert_eq!(task.units, ["县市场监管局"]);
    assert_eq!(
        task.indicators[0].targets[0].year, 2024,
        "每年: the plan year's amount"
    );
    assert!(task.indicators[0]
        .note
        .as_deref()
        .unwrap_or("")
        .contains("每年"));
    let vision = &d.items.items[2];
    assert_eq!(
        (
            vision.indicators[0].targets[0].value,
            vision.indicators[0].targets[0].year
        ),
        (15.0, 2035)
    );
}

/// A units clause closing an item's sub-points `（1）…（2）…` is the item's, even where the other
/// items carry their own clauses; the sub-points are not items.
#[test]
fn a_clause_after_sub_points_is_their_items() {
    let text = "某区2024年重点工作任务\n\n一、经济发展\n\n1.新建5G基站300个。（责任单位：区工信局）\n\n2.建成两个省级示范园区。（责任单位：区科技局）\n\n3.推进重点项目建设。\n\n（1）新开工亿元以上项目20个；\n\n（2）完成固定资产投资120亿元。\n\n（牵头单位：区发改局；配合单位：各街道办事处）\n";
    let d = extract(text, &ExtractOptions::default());
    assert_eq!(
        numbered(&d),
        [
            (1, "一.1", vec!["区工信局"]),
            (2, "一.2", vec!["区科技局"]),
            (3, "一.3", vec!["区发改局"]),
        ]
    );
    assert_eq!(
        targets(&d, 3),
        [
            ("新开工亿元以上项目".to_string(), 20.0, "个".to_string()),
            ("完成固定资产投资".to_string(), 120.0, "亿元".to_string()),
        ]
    );
}
