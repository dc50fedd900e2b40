"""Errors of ``arena backup`` and ``arena restore``: each names the file (and the manifest's field)
that is wrong, in Vietnamese and English. A restore checks everything it can before it writes
anything; only ``ToolFailed`` comes later (pg_restore failed half-way), and then what the restore
wrote is removed again.

BackupError (base.errors.ArenaError)
├── ArchiveMissing        404  no archive at the path given
├── ArchiveUnreadable     400  not a tar or folder Arena wrote, or a member that is not a plain file
├── ManifestInvalid       400  manifest.json is missing, not JSON, or a field is missing or wrong
├── FileMismatch          400  a file's size or SHA-256 differs from the manifest (a changed byte)
├── FileMissing           400  the manifest lists a file the archive lacks
├── FileUnlisted          400  the archive holds a file the manifest does not list
├── ManifestDigestMismatch 400 the manifest is not the one whose SHA-256 was written down
├── TargetExists          409  the backup's destination exists already (never overwritten)
├── TargetInsideData      409  the backup's destination is inside the data folder it copies
├── FolderMissing         404  the folder the backup should go into does not exist
├── TargetNotEmpty        409  the restore's data folder (or database) holds something already
├── NothingToBackUp       404  the data folder has no database
├── DatabaseMismatch      400  a PostgreSQL archive without --database-url, or the other way round
├── UnknownRevision       409  the archive's schema is newer than this Arena's migrations
├── ToolMissing           503  pg_dump or pg_restore is not on the PATH
└── ToolFailed            500  sqlite3, pg_dump or pg_restore answered an error
"""

from __future__ import annotations

from base.errors import ArenaError


class BackupError(ArenaError):
    code, status = "backup.error", 400
    vi = "Lỗi sao lưu: {detail}"
    en = "Backup error: {detail}"


class ArchiveMissing(BackupError):
    code, status, fields = "backup.archive_missing", 404, ("path",)
    vi = "Không tìm thấy bản sao lưu {path}"
    en = "No backup at {path}"


class ArchiveUnreadable(BackupError):
    code, status, fields = "backup.archive_unreadable", 400, ("path",)
    vi = "Không đọc được bản sao lưu {path}: {detail}"
    en = "Cannot read the backup {path}: {detail}"


class ManifestInvalid(BackupError):
    code, status, fields = "backup.manifest_invalid", 400, ("path", "field")
    vi = "Tệp kê khai {path} không hợp lệ ở trường “{field}”: {detail}"
    en = "The manifest {path} is invalid at field “{field}”: {detail}"


class FileMismatch(BackupError):
    code, status, fields = "backup.file_mismatch", 400, ("path", "field", "expected", "found")
    vi = "Tệp {path} không khớp tệp kê khai (trường “{field}”): ghi {expected}, thực tế {found}"
    en = "File {path} does not match the manifest (field “{field}”): listed {expected}, found {found}"


class FileMissing(BackupError):
    code, status, fields = "backup.file_missing", 400, ("path",)
    vi = "Bản sao lưu thiếu tệp {path} mà tệp kê khai có ghi"
    en = "The backup lacks {path}, which the manifest lists"


class FileUnlisted(BackupError):
    code, status, fields = "backup.file_unlisted", 400, ("path",)
    vi = "Bản sao lưu có tệp {path} mà tệp kê khai không ghi"
    en = "The backup holds {path}, which the manifest does not list"


class ManifestDigestMismatch(BackupError):
    code, status, fields = "backup.manifest_digest", 400, ("path", "expected", "found")
    vi = "Tệp kê khai {path} không phải bản đã ghi lại: mã SHA-256 {found}, cần {expected}"
    en = "The manifest {path} is not the one written down: SHA-256 {found}, expected {expected}"


class TargetExists(BackupError):
    code, status, fields = "backup.target_exists", 409, ("path",)
    vi = "{path} đã có; chọn tên khác (bản sao lưu không bao giờ ghi đè)"
    en = "{path} exists already; choose another name (a backup never overwrites)"


class TargetInsideData(BackupError):
    code, status, fields = "backup.target_inside_data", 409, ("path", "data_dir")
    vi = "{path} nằm trong thư mục dữ liệu {data_dir}; hãy sao lưu ra nơi khác (USB, máy khác)"
    en = "{path} is inside the data folder {data_dir}; back up somewhere else (a USB stick, another machine)"


class FolderMissing(BackupError):
    code, status, fields = "backup.folder_missing", 404, ("path",)
    vi = "Không có thư mục {path}"
    en = "No folder {path}"


class TargetNotEmpty(BackupError):
    code, status, fields = "backup.target_not_empty", 409, ("path",)
    vi = "Nơi khôi phục {path} không trống; chỉ khôi phục vào thư mục (hoặc cơ sở dữ liệu) trống"
    en = "The restore target {path} is not empty; restore only into an empty folder (or database)"


class NothingToBackUp(BackupError):
    code, status, fields = "backup.no_database", 404, ("path",)
    vi = "Không có cơ sở dữ liệu ở {path}"
    en = "No database at {path}"


class DatabaseMismatch(BackupError):
    code, status, fields = "backup.database_mismatch", 400, ("kind",)
    vi = "Bản sao lưu có cơ sở dữ liệu {kind}: {detail}"
    en = "The backup holds a {kind} database: {detail}"


class UnknownRevision(BackupError):
    code, status, fields = "backup.unknown_revision", 409, ("revision",)
    vi = "Cơ sở dữ liệu trong bản sao lưu ở phiên bản lược đồ {revision}, mới hơn bản Arena này; hãy cập nhật Arena trước"
    en = "The backup's database is at schema revision {revision}, newer than this Arena; update Arena first"


class ToolMissing(BackupError):
    code, status, fields = "backup.tool_missing", 503, ("tool",)
    vi = "Không tìm thấy chương trình {tool} trong PATH (cần cho PostgreSQL; cài gói postgresql-client cùng phiên bản máy chủ)"
    en = "{tool} is not on the PATH (needed for PostgreSQL; install postgresql-client of the server's version)"


class ToolFailed(BackupError):
    code, status, fields = "backup.tool_failed", 500, ("tool",)
    vi = "{tool} báo lỗi: {detail}"
    en = "{tool} failed: {detail}"
