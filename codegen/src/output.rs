//! Writing generated files, and telling which ones are stale.
//!
//! Files are compared byte for byte; a file is rewritten only when it changes, through a
//! temporary file in the same folder renamed over the old one, so a reader never sees half a
//! file. All temporary files are written before the first rename, so a failure while writing
//! leaves every old file in place.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;

/// The files whose contents on disk differ from what the catalog gives (missing ones included),
/// as paths relative to `out_dir`.
pub fn stale_files(out_dir: &Path, files: &[GeneratedFile]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|file| {
            let path = out_dir.join(&file.path);
            std::fs::read(&path).map_or(true, |current| current != file.contents.as_bytes())
        })
        .map(|file| PathBuf::from(&file.path))
        .collect()
}

/// Writes every stale file atomically; returns the paths it changed, relative to `out_dir`.
pub fn write_files(out_dir: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<PathBuf>> {
    let stale = stale_files(out_dir, files);
    let mut staged = Vec::new();
    for file in files
        .iter()
        .filter(|file| stale.contains(&PathBuf::from(&file.path)))
    {
        let target = out_dir.join(&file.path);
        let folder = target.parent().unwrap_or(out_dir);
        std::fs::create_dir_all(folder)?;
        let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
        temporary.write_all(file.contents.as_bytes())?;
        readable_by_all(temporary.as_file())?;
        temporary.as_file().sync_all()?;
        staged.push((temporary, target));
    }
    for (temporary, target) in staged {
        temporary.persist(&target).map_err(|error| error.error)?;
    }
    Ok(stale)
}

/// Temporary files are created private (0600); a generated source is an ordinary file (0644).
#[cfg(unix)]
fn readable_by_all(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_all(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn writes_only_what_changed_and_then_nothing_is_stale() {
        let folder = tempfile::tempdir().unwrap();
        let files = [file("src/a.rs", "a\n"), file("b.md", "b\n")];
        assert_eq!(stale_files(folder.path(), &files).len(), 2);

        let written = write_files(folder.path(), &files).unwrap();
        assert_eq!(written, [PathBuf::from("src/a.rs"), PathBuf::from("b.md")]);
        assert_eq!(
            std::fs::read_to_string(folder.path().join("src/a.rs")).unwrap(),
            "a\n"
        );
        assert!(stale_files(folder.path(), &files).is_empty());

        let changed = [file("src/a.rs", "a2\n"), file("b.md", "b\n")];
        assert_eq!(
            stale_files(folder.path(), &changed),
            [PathBuf::from("src/a.rs")]
        );
        assert_eq!(
            write_files(folder.path(), &changed).unwrap(),
            [PathBuf::from("src/a.rs")]
        );
        let leftovers = std::fs::read_dir(folder.path().join("src"))
            .unwrap()
            .count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
