//! Pre-validation of OLE compound files (.xls) before calamine opens them.
//!
//! calamine's compound-file reader follows sector chains through the FAT until it meets
//! ENDOFCHAIN, trusting the file: a chain that loops back on itself is followed forever, one
//! sector appended per turn (the directory chain has no length bound at all, a stream's only its
//! declared length, up to 4 GiB). A 5.9 KB hostile .xls found by the `workbook` fuzz target grew
//! past 6 GB this way before any of our size limits could run; a chain pointing past the FAT
//! made calamine index out of bounds and panic. This module walks the same chains calamine walks
//! when it opens the file and reads a workbook — the DIFAT, the directory, the MiniFAT, the
//! root entry's mini stream and every stream of 4096 bytes or more (smaller ones live in the
//! mini stream, bounded by that length) — and refuses the file if one points outside the file
//! or comes back to a sector already seen.
//!
//! In a well-formed compound file every sector belongs to at most one chain, so one bitset
//! serves every walk: a chain that loops, or two chains that share sectors, both revisit a
//! sector. The walks therefore read each sector at most once, whatever the file claims.
//! Like calamine, it ignores the header's FAT and DIFAT sector counts and follows the DIFAT
//! entries and chain themselves.

use std::fmt;

const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Ids from here up are markers (DIFSECT, FATSECT, ENDOFCHAIN, FREESECT), not sectors.
const RESERVED: u32 = 0xFFFF_FFFA;
/// DIFAT entries at or above this are not FAT sectors (calamine skips them the same way).
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Streams shorter than this are stored in the mini stream.
const MINI_CUTOFF: u64 = 4096;
const DIR_ENTRY: usize = 128;

/// Why a compound file is refused: which chain went wrong, at which sector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub chain: String,
    pub sector: u32,
    pub fault: Fault,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The chain names a sector the file (or its FAT) does not have.
    OutOfRange,
    /// The chain comes back to a sector already seen: a loop, or sectors shared by two chains.
    Revisited,
    /// The DIFAT lists more FAT sectors than the file has sectors.
    TooMany,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (chain, sector) = (&self.chain, self.sector);
        match self.fault {
            Fault::OutOfRange => write!(f, "{chain}扇区链指向不存在的扇区 {sector}"),
            Fault::Revisited => write!(f, "{chain}扇区链在扇区 {sector} 处循环或与其他链重叠"),
            Fault::TooMany => write!(f, "{chain}扇区表列出的扇区比文件的扇区还多"),
        }
    }
}

/// The header fields calamine follows.
struct Header {
    sector_size: usize,
    dir_start: u32,
    mini_fat_start: u32,
    mini_fat_len: u32,
    difat_start: u32,
    /// The 109 DIFAT entries held in the header.
    difat: Vec<u32>,
}

impl Header {
    /// `None` when calamine will refuse the file by itself (no magic, bad sector shift, short).
    fn parse(bytes: &[u8]) -> Option<Header> {
        if bytes.len() < 512 || bytes[..8] != MAGIC {
            return None;
        }
        let sector_size = match u16::from_le_bytes([bytes[30], bytes[31]]) {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        (bytes.len() >= sector_size).then(|| Header {
            sector_size,
            dir_start: u32_at(bytes, 48),
            mini_fat_start: u32_at(bytes, 60),
            mini_fat_len: u32_at(bytes, 64),
            difat_start: u32_at(bytes, 68),
            difat: u32s(&bytes[76..512]).collect(),
        })
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The sectors after the header, and which of them a chain has already claimed.
struct Sectors<'a> {
    body: &'a [u8],
    size: usize,
    seen: Vec<bool>,
}

impl<'a> Sectors<'a> {
    /// The sectors of `body`: the file after its header, or the mini stream (64-byte sectors).
    fn new(body: &'a [u8], size: usize) -> Self {
        Sectors {
            body,
            size,
            seen: vec![false; body.len().div_ceil(size)],
        }
    }

    /// A sector's bytes; the last sector of a truncated file is short.
    fn bytes(&self, id: u32) -> &'a [u8] {
        let start = id as usize * self.size;
        &self.body[start..(start + self.size).min(self.body.len())]
    }

    /// Marks sector `id` as part of `chain`; it must exist (and be below `bound`, the FAT's
    /// length when the chain is followed through the FAT) and not belong to any chain yet.
    fn claim(&mut self, id: u32, bound: usize, chain: &str) -> Result<(), Broken> {
        let broken = |fault| Broken {
            chain: chain.to_string(),
            sector: id,
            fault,
        };
        let i = id as usize;
        if i >= bound.min(self.seen.len()) {
            return Err(broken(Fault::OutOfRange));
        }
        if std::mem::replace(&mut self.seen[i], true) {
            return Err(broken(Fault::Revisited));
        }
        Ok(())
    }

    /// Follows a chain from `start` through `fat` as calamine does: until ENDOFCHAIN, or once
    /// `max_links` sectors are read (a stream reads no more than its length needs). Returns the
    /// sectors of the chain, each claimed.
    fn follow(
        &mut self,
        fat: &[u32],
        start: u32,
        max_links: u64,
        chain: &str,
    ) -> Result<Vec<u32>, Broken> {
        let mut ids = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN && (ids.len() as u64) < max_links {
            self.claim(id, fat.len(), chain)?;
            ids.push(id);
            id = fat[id as usize];
        }
        Ok(ids)
    }

    /// The FAT, as calamine builds it: the sectors listed by the header's 109 DIFAT entries and
    /// then by the DIFAT chain (each DIFAT sector ends with the id of the next), read in order.
    /// DIFAT sectors are claimed. FAT sectors are not: padding entries that repeat one sector
    /// are harmless, but each must exist, and past the header they may not list more sectors
    /// than the file has (a DIFAT chain repeating one sector would have calamine hold
    /// gigabytes of copies of it).
    fn load_fat(&mut self, header: &Header) -> Result<Vec<u32>, Broken> {
        let mut ids = header.difat.clone();
        let mut next = header.difat_start;
        while next < RESERVED {
            self.claim(next, usize::MAX, "DIFAT ")?;
            let mut entries: Vec<u32> = u32s(self.bytes(next)).collect();
            next = entries.pop().unwrap_or(ENDOFCHAIN);
            ids.extend(entries);
        }
        ids.retain(|&id| id < DIFSECT);
        let limit = header.difat.len() + self.seen.len();
        let mut fat = Vec::new();
        for (n, &id) in ids.iter().enumerate() {
            let fault = if id as usize >= self.seen.len() {
                Some(Fault::OutOfRange)
            } else {
                (n >= limit).then_some(Fault::TooMany)
            };
            if let Some(fault) = fault {
                return Err(Broken {
                    chain: "FAT ".into(),
                    sector: id,
                    fault,
                });
            }
            fat.extend(u32s(self.bytes(id)));
        }
        Ok(fat)
    }

    /// The bytes of a chain's sectors, end to end.
    fn concat(&self, ids: &[u32]) -> Vec<u8> {
        ids.iter().flat_map(|&id| self.bytes(id)).copied().collect()
    }

    /// How many sectors a stream of `len` bytes fills.
    fn links(&self, len: u64) -> u64 {
        len.div_ceil(self.size as u64)
    }
}

/// A directory entry's name, start sector and stream length (as calamine reads them: 32 bits
/// of length with 512-byte sectors, 64 with 4096-byte ones); `chain` is filled by [`check`]
/// for streams outside the mini stream.
struct Entry {
    name: String,
    start: u32,
    len: u64,
    chain: Vec<u32>,
}

impl Entry {
    fn parse(raw: &[u8], sector_size: usize) -> Entry {
        let units: Vec<u16> = raw[..64]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        let name = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .filter(|c| !c.is_control())
            .collect();
        let low = u64::from(u32_at(raw, 120));
        let len = if sector_size == 512 {
            low
        } else {
            low | u64::from(u32_at(raw, 124)) << 32
        };
        Entry {
            name,
            start: u32_at(raw, 116),
            len,
            chain: Vec::new(),
        }
    }
}

/// A compound file whose chains passed [`check`]: enough to read its streams.
pub struct Compound<'a> {
    sectors: Sectors<'a>,
    entries: Vec<Entry>,
    mini_stream: Vec<u8>,
    mini_fat: Vec<u32>,
}

impl Compound<'_> {
    /// The workbook stream, found as calamine finds it (`Workbook`, else `Book`, ASCII case
    /// ignored) and cut to its length; `None` when there is none. A stream in the mini stream
    /// is followed through the MiniFAT under the same rules as the FAT chains.
    pub fn workbook(&self) -> Result<Option<Vec<u8>>, Broken> {
        let Some(entry) = ["Workbook", "Book"]
            .iter()
            .find_map(|n| self.entries.iter().find(|e| e.name.eq_ignore_ascii_case(n)))
        else {
            return Ok(None);
        };
        let mut bytes = if entry.len >= MINI_CUTOFF {
            self.sectors.concat(&entry.chain)
        } else {
            let mut mini = Sectors::new(&self.mini_stream, 64);
            let chain = format!("迷你流中数据流“{}”的", entry.name);
            let ids = mini.follow(&self.mini_fat, entry.start, mini.links(entry.len), &chain)?;
            mini.concat(&ids)
        };
        bytes.truncate(usize::try_from(entry.len).unwrap_or(usize::MAX));
        Ok(Some(bytes))
    }
}

/// Checks every sector chain calamine follows when it opens a compound file and reads its
/// streams, and returns the file for reading them. Files without a compound-file header give
/// `None`: calamine refuses them itself.
pub fn check(bytes: &[u8]) -> Result<Option<Compound<'_>>, Broken> {
    let Some(header) = Header::parse(bytes) else {
        return Ok(None);
    };
    let mut sectors = Sectors::new(&bytes[header.sector_size..], header.sector_size);
    let fat = sectors.load_fat(&header)?;
    let dir = sectors.follow(&fat, header.dir_start, u64::MAX, "目录")?;
    let mut entries: Vec<Entry> = sectors
        .concat(&dir)
        .chunks_exact(DIR_ENTRY)
        .map(|raw| Entry::parse(raw, header.sector_size))
        .collect();
    let (mut mini_stream, mut mini_fat) = (Vec::new(), Vec::new());
    if let Some((root, streams)) = entries.split_first_mut() {
        if header.mini_fat_len > 0 {
            let root_chain = sectors.follow(&fat, root.start, sectors.links(root.len), "迷你流")?;
            mini_stream = sectors.concat(&root_chain);
            let mini_fat_links = u64::from(header.mini_fat_len);
            let ids = sectors.follow(&fat, header.mini_fat_start, mini_fat_links, "MiniFAT ")?;
            mini_fat = u32s(&sectors.concat(&ids)).collect();
        }
        for entry in streams.iter_mut().filter(|e| e.len >= MINI_CUTOFF) {
            let chain = format!("数据流“{}”的", entry.name);
            entry.chain = sectors.follow(&fat, entry.start, sectors.links(entry.len), &chain)?;
        }
    }
    Ok(Some(Compound {
        sectors,
        entries,
        mini_stream,
        mini_fat,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FREESECT: u32 = 0xFFFF_FFFF;

    fn fault(bytes: &[u8]) -> Broken {
        check(bytes).err().expect("refused")
    }

    /// A minimal version-3 compound file: sector 0 the FAT, sector 1 the directory (a root
    /// entry and one stream entry `Workbook` of `stream_len` bytes starting at sector 2), then
    /// `data_sectors` sectors of data; `fat` gives the FAT's first entries.
    fn cfb(fat: &[u32], stream_len: u32, data_sectors: usize) -> Vec<u8> {
        let mut b = vec![0u8; 512 * (2 + data_sectors + 1)];
        b[..8].copy_from_slice(&MAGIC);
        put(&mut b, 24, 0x003E_0003); // minor version 0x3E, major 3
        put(&mut b, 28, 0x0009_FFFE); // byte order, sector shift 9
        put(&mut b, 32, 6); // mini sector shift
        put(&mut b, 44, 1); // one FAT sector
        put(&mut b, 48, 1); // directory at sector 1
        put(&mut b, 60, ENDOFCHAIN); // no MiniFAT
        put(&mut b, 68, ENDOFCHAIN); // no DIFAT sectors
        put(&mut b, 76, 0); // the FAT is sector 0
        for i in 1..109 {
            put(&mut b, 76 + 4 * i, FREESECT);
        }
        let fat_at = 512;
        for i in 0..128 {
            put(
                &mut b,
                fat_at + 4 * i,
                fat.get(i).copied().unwrap_or(FREESECT),
            );
        }
        let dir_at = 1024;
        entry(&mut b[dir_at..], "Root Entry", 5, ENDOFCHAIN, 0);
        entry(&mut b[dir_at + 128..], "Workbook", 2, 2, stream_len);
        b
    }

    fn put(b: &mut [u8], at: usize, v: u32) {
        b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }

    fn entry(b: &mut [u8], name: &str, kind: u8, start: u32, len: u32) {
        for (i, u) in name.encode_utf16().enumerate() {
            b[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        b[64..66].copy_from_slice(&(2 * (name.len() as u16 + 1)).to_le_bytes());
        b[66] = kind;
        put(b, 116, start);
        put(b, 120, len);
    }

    const FATSECT: u32 = 0xFFFF_FFFD;

    #[test]
    fn well_formed_chains_pass() {
        // FAT, directory, then a 9-sector Workbook stream in sectors 2..=10.
        let mut fat = vec![FATSECT, ENDOFCHAIN];
        fat.extend(3..=10);
        fat.push(ENDOFCHAIN);
        let bytes = cfb(&fat, 9 * 512, 9);
        let workbook = check(&bytes).unwrap().unwrap().workbook().unwrap().unwrap();
        assert_eq!(workbook, bytes[3 * 512..12 * 512]);
    }

    #[test]
    fn directory_chain_looping_on_itself_is_refused() {
        let bytes = cfb(&[FATSECT, 1], 0, 0);
        let e = fault(&bytes);
        assert_eq!(
            (e.chain.as_str(), e.sector, e.fault),
            ("目录", 1, Fault::Revisited)
        );
    }

    #[test]
    fn stream_chain_looping_back_is_refused() {
        // Workbook claims 4 GiB: 2 → 3 → 2 → … would be followed until memory runs out.
        let bytes = cfb(&[FATSECT, ENDOFCHAIN, 3, 2], u32::MAX, 2);
        let e = fault(&bytes);
        assert_eq!((e.sector, e.fault), (2, Fault::Revisited));
        assert_eq!(
            e.to_string(),
            "数据流“Workbook”的扇区链在扇区 2 处循环或与其他链重叠"
        );
    }

    #[test]
    fn chain_leaving_the_file_is_refused() {
        let bytes = cfb(&[FATSECT, ENDOFCHAIN, 77], 8192, 1);
        let e = fault(&bytes);
        assert_eq!((e.sector, e.fault), (77, Fault::OutOfRange));
    }

    #[test]
    fn header_difat_padded_with_one_sector_is_read_like_calamine() {
        // Unused header DIFAT entries should be FREESECT; zeros repeat the FAT sector, which
        // calamine reads again, harmlessly.
        let mut bytes = cfb(&[FATSECT, ENDOFCHAIN], 0, 0);
        for i in 1..109 {
            put(&mut bytes, 76 + 4 * i, 0);
        }
        assert!(check(&bytes).is_ok());
    }

    #[test]
    fn difat_chain_listing_more_fat_sectors_than_the_file_has_is_refused() {
        let mut bytes = cfb(&[FATSECT, ENDOFCHAIN], 0, 1);
        put(&mut bytes, 68, 2); // DIFAT in sector 2: 127 times sector 0, then ENDOFCHAIN
        put(&mut bytes, 512 * 3 + 508, ENDOFCHAIN);
        let e = fault(&bytes);
        assert_eq!((e.chain.as_str(), e.fault), ("FAT ", Fault::TooMany));
    }

    #[test]
    fn difat_chain_looping_on_itself_is_refused() {
        let mut bytes = cfb(&[FATSECT, ENDOFCHAIN], 0, 1);
        put(&mut bytes, 68, 2); // DIFAT in sector 2, whose last entry points back at sector 2
        put(&mut bytes, 512 * 3 + 508, 2);
        let e = fault(&bytes);
        assert_eq!(
            (e.chain.as_str(), e.sector, e.fault),
            ("DIFAT ", 2, Fault::Revisited)
        );
    }

    #[test]
    fn short_streams_are_read_from_the_mini_stream() {
        // A Workbook under 4096 bytes lives in the mini stream: its FAT chain (here a loop) is
        // not walked, its MiniFAT chain is; this file has no mini stream at all.
        let bytes = cfb(&[FATSECT, ENDOFCHAIN, 2], 4095, 1);
        let e = check(&bytes).unwrap().unwrap().workbook().unwrap_err();
        assert_eq!((e.sector, e.fault), (2, Fault::OutOfRange));
        // Sector 2 the MiniFAT (mini sector 0 → 1 → end), sector 3 the mini stream.
        let mut bytes = cfb(&[FATSECT, ENDOFCHAIN, ENDOFCHAIN, ENDOFCHAIN], 100, 2);
        put(&mut bytes, 60, 2);
        put(&mut bytes, 64, 1);
        put(&mut bytes, 1024 + 116, 3);
        put(&mut bytes, 1024 + 120, 512);
        put(&mut bytes, 1024 + 128 + 116, 0);
        put(&mut bytes, 512 * 3, 1);
        put(&mut bytes, 512 * 3 + 4, ENDOFCHAIN);
        for (i, b) in bytes[512 * 4..512 * 5].iter_mut().enumerate() {
            *b = i as u8;
        }
        let workbook = check(&bytes).unwrap().unwrap().workbook().unwrap().unwrap();
        assert_eq!(workbook, bytes[512 * 4..512 * 4 + 100]);
    }

    #[test]
    fn not_a_compound_file_is_left_to_calamine() {
        assert!(matches!(check(b"PK\x03\x04"), Ok(None)));
        assert!(matches!(check(&MAGIC), Ok(None)));
    }

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
    }

    #[test]
    fn real_xls_passes_and_the_fuzzed_oom_file_is_refused() {
        let xls = fixture("tests/fixtures/ingest/merged.xls");
        let workbook = check(&xls).unwrap().unwrap().workbook().unwrap().unwrap();
        assert_eq!(workbook[..2], [0x09, 0x08], "starts with a BOF record");
        let e = fault(&fixture("tests/fixtures/robustness/oom-xls-cfb.xls"));
        assert_eq!(e.fault, Fault::Revisited, "{e}");
    }
}
