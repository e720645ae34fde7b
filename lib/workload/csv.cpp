#include "dcsim/workload/trace/csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

#include <sys/stat.h>

namespace dcsim {

// ---------------------------------------------------------------- CsvFields

std::optional<CsvSyntaxError> CsvFields::split(std::string_view line) {
  text_.clear();
  spans_.clear();
  std::size_t i = 0;
  while (true) {
    const int column = static_cast<int>(i) + 1;
    const std::size_t begin = text_.size();
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        const char c = line[i++];
        if (c != '"') {
          text_ += c;
        } else if (i < line.size() && line[i] == '"') {
          text_ += '"';  // "" inside quotes is one quote
          ++i;
        } else {
          closed = true;
          break;
        }
      }
      if (!closed) {
        return CsvSyntaxError{column, "expected a closing quote for the field opened here, found the end of the line"};
      }
      if (i < line.size() && line[i] != ',') {
        return CsvSyntaxError{static_cast<int>(i) + 1,
                              fmt::format("expected a comma after the closing quote, found '{}'", line[i])};
      }
    } else {
      const std::size_t comma = line.find(',', i);
      const std::size_t stop = comma == std::string_view::npos ? line.size() : comma;
      text_.append(line.substr(i, stop - i));
      i = stop;
    }
    spans_.push_back(Span{begin, text_.size() - begin, column});
    if (i >= line.size()) break;
    ++i;  // past the comma; a comma ending the line leaves one more, empty, field
  }
  return std::nullopt;
}

std::size_t CsvFields::capacity_bytes() const {
  return text_.capacity() + spans_.capacity() * sizeof(Span);
}

// ---------------------------------------------------------------- line source

// C stdio with a fixed buffer rather than std::getline: a line is taken only up to
// kMaxLineBytes, so a file without line breaks cannot make the reader grow without bound.
struct CsvReader::Source {
  static constexpr std::size_t kBufferBytes = 64 * 1024;

  std::FILE* file = nullptr;
  std::vector<char> buffer = std::vector<char>(kBufferBytes);
  std::size_t pos = 0;
  std::size_t end = 0;

  ~Source() {
    if (file != nullptr) std::fclose(file);
  }

  bool fill() {
    pos = 0;
    end = std::fread(buffer.data(), 1, buffer.size(), file);
    return end > 0;
  }

  /// Reads one line without its '\n' into `line`. False at the end of the file (no more
  /// bytes). `terminated`: a '\n' ended it; `too_long`: it exceeded max bytes (the rest of
  /// the line was read and dropped).
  bool read_line(std::string& line, std::size_t max, bool& terminated, bool& too_long) {
    line.clear();
    terminated = false;
    too_long = false;
    bool any = false;
    while (true) {
      if (pos == end && !fill()) return any;
      any = true;
      const char* start = buffer.data() + pos;
      const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end - pos));
      const std::size_t n = newline != nullptr ? static_cast<std::size_t>(newline - start) : end - pos;
      if (!too_long) {
        if (line.size() + n > max) {
          too_long = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(start, n);
        }
      }
      pos += n;
      if (newline != nullptr) {
        ++pos;
        terminated = true;
        return true;
      }
    }
  }
};

// ---------------------------------------------------------------- CsvReader

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string found(std::string_view raw) {
  if (raw.empty()) return "an empty field";
  return quoted_excerpt(raw);
}

// A column name as listed in a message: as written when it is short, printable text, else
// quoted (escaped and cut), so a binary file's "header" cannot flood the terminal.
std::string shown_name(std::string_view name) {
  const bool plain = !name.empty() && name.size() <= kQuotedChars &&
                     std::all_of(name.begin(), name.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  return plain ? std::string(name) : quoted_excerpt(name);
}

bool looks_numeric(std::string_view s) {
  s = trim(s);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

CsvReader::CsvReader(std::string path, TraceReadOptions options)
    : path_(std::move(path)), options_(options), source_(std::make_unique<Source>()) {
  source_->file = std::fopen(path_.c_str(), "rb");
  if (source_->file == nullptr) {
    throw ConfigError(Diagnostic(SourceLocation(path_), "",
                                 fmt::format("cannot open the trace: {}", std::strerror(errno))));
  }
  // A folder reads as nothing and /dev/zero as one endless line: refuse what is not a file.
  struct stat info {};
  if (::fstat(::fileno(source_->file), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw ConfigError(Diagnostic(SourceLocation(path_), "", "cannot open the trace: not a regular file"));
  }
  bool too_long = false;
  if (!source_->read_line(line_, kMaxLineBytes, line_terminated_, too_long)) {
    throw ConfigError(Diagnostic(SourceLocation(path_), "",
                                 "expected a header line naming the columns, found an empty file"));
  }
  line_number_ = 1;
  std::string_view header_line = line_;
  int bom = 0;
  if (header_line.starts_with("\xEF\xBB\xBF")) {  // UTF-8 byte-order mark, as some tools write
    header_line.remove_prefix(3);
    bom = 3;
  }
  if (header_line.ends_with('\r')) header_line.remove_suffix(1);
  if (too_long || trim(header_line).empty()) {
    throw ConfigError(Diagnostic(SourceLocation(path_, 1, 1), "",
                                 too_long ? fmt::format("expected a header line naming the columns, found a line "
                                                        "longer than {} bytes", kMaxLineBytes)
                                          : "expected a header line naming the columns, found an empty line"));
  }
  if (auto error = fields_.split(header_line)) {
    throw ConfigError(Diagnostic(SourceLocation(path_, 1, bom + error->column), "", error->message));
  }
  header_.reserve(fields_.size());
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    header_.emplace_back(trim(fields_[i]));
    header_columns_.push_back(bom + fields_.column(i));
  }
}

CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

std::optional<std::size_t> CsvReader::find_column(std::string_view name) const {
  // Repeated names are an error only for a column that is asked for: unused columns may be
  // anything, and a header-less file (whose "names" are data, often repeated) gets the
  // clearer missing-column message from require_column().
  std::optional<std::size_t> found_at;
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] != name) continue;
    if (found_at) {
      throw ConfigError(Diagnostic(SourceLocation(path_, 1, header_columns_[i]), std::string(name),
                                   fmt::format("expected each column once, found it as column {} and {}",
                                               *found_at + 1, i + 1)));
    }
    found_at = i;
  }
  return found_at;
}

std::size_t CsvReader::require_column(std::string_view name) const {
  if (auto i = find_column(name)) return *i;
  std::string columns;
  for (const auto& h : header_) {
    if (!columns.empty()) columns += ", ";
    if (columns.size() > 200) {
      columns += "...";
      break;
    }
    columns += shown_name(h);
  }
  std::string message = fmt::format("expected a column named \"{}\" in the header line, found: {}", name, columns);
  // A file without a header has its first row read as one; say so instead of leaving the
  // reader to wonder why "12000" is not a column name.
  for (const auto& h : header_) {
    if (looks_numeric(h)) {
      message += " (the first line looks like data: is the header missing?)";
      break;
    }
  }
  throw ConfigError(Diagnostic(SourceLocation(path_, 1, 0), std::string(name), std::move(message)));
}

Diagnostic CsvReader::row_diagnostic(int column, std::string key, std::string message) const {
  if (!line_terminated_) {
    message += " (the file ends in this line without a line break: was it cut short?)";
  }
  return Diagnostic(SourceLocation(path_, line_number_, column), std::move(key), std::move(message));
}

void CsvReader::report(Diagnostic diagnostic) {
  if (options_.on_bad_row == OnBadRow::kStop) throw ConfigError(std::move(diagnostic));
  ++stats_.skipped;
  if (stats_.first_problems.size() < options_.kept_diagnostics) {
    stats_.first_problems.push_back(std::move(diagnostic));
  }
}

bool CsvReader::next_row() {
  while (true) {
    row_problem_.reset();
    bool too_long = false;
    if (!source_->read_line(line_, kMaxLineBytes, line_terminated_, too_long)) return false;
    ++line_number_;
    if (!line_terminated_) stats_.unterminated_last_line = true;
    if (too_long) {
      ++stats_.data_lines;
      report(row_diagnostic(1, "", fmt::format("expected a line of at most {} bytes, found a longer one",
                                               kMaxLineBytes)));
      continue;
    }
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();  // CRLF line ends
    if (line_.empty()) continue;  // blank lines hold no row (editors add them at the end)
    ++stats_.data_lines;
    if (auto error = fields_.split(line_)) {
      report(row_diagnostic(error->column, "", std::move(error->message)));
      continue;
    }
    if (fields_.size() < header_.size()) {
      // Named after the first missing column: that is what the row lacks.
      report(row_diagnostic(static_cast<int>(line_.size()) + 1, header_[fields_.size()],
                            fmt::format("expected {} fields as in the header, found {}", header_.size(),
                                        fields_.size())));
      continue;
    }
    if (fields_.size() > header_.size()) {
      report(row_diagnostic(fields_.column(header_.size()), "",
                            fmt::format("expected {} fields as in the header, found {}", header_.size(),
                                        fields_.size())));
      continue;
    }
    return true;
  }
}

void CsvReader::fail(std::size_t column, std::string message) {
  if (row_problem_) return;  // the first problem is the one to fix first
  row_problem_ = row_diagnostic(fields_.column(column), header_[column], std::move(message));
}

std::string_view CsvReader::nonempty_text(std::size_t column) {
  const std::string_view value = fields_[column];
  if (trim(value).empty()) fail(column, "expected a value, found an empty field");
  return value;
}

std::int64_t CsvReader::integer(std::size_t column, std::int64_t min, std::int64_t max) {
  const std::string_view raw = fields_[column];
  const std::string_view s = trim(raw);
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || value < min || value > max) {
    if (max != std::numeric_limits<std::int64_t>::max() && value > max && ec == std::errc()) {
      fail(column, fmt::format("expected an integer from {} to {}, found {}", min, max, found(raw)));
    } else {
      fail(column, min == 0 ? fmt::format("expected a non-negative integer, found {}", found(raw))
                            : fmt::format("expected an integer >= {}, found {}", min, found(raw)));
    }
    return 0;
  }
  return value;
}

std::optional<double> CsvReader::optional_number(std::size_t column, double min) {
  if (trim(fields_[column]).empty()) return std::nullopt;
  return number(column, min);
}

double CsvReader::number(std::size_t column, double min) {
  const std::string_view raw = fields_[column];
  const std::string_view s = trim(raw);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value) || value < min) {
    fail(column, min == 0 ? fmt::format("expected a non-negative number, found {}", found(raw))
                          : fmt::format("expected a number >= {}, found {}", min, found(raw)));
    return 0;
  }
  return value;
}

bool CsvReader::accept_row() {
  if (row_problem_) {
    Diagnostic d = std::move(*row_problem_);
    row_problem_.reset();
    report(std::move(d));
    return false;
  }
  ++stats_.records;
  return true;
}

std::size_t CsvReader::buffered_bytes() const {
  return source_->buffer.capacity() + line_.capacity() + fields_.capacity_bytes();
}

}  // namespace dcsim
