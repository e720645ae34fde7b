#pragma once
// Reading trace CSV files one line at a time. Traces run to millions of rows, so a reader
// holds only the line it is on (plus a fixed read buffer), never the file: memory stays
// bounded whatever the trace length. Columns are found by the header's names, not by
// position, because variants of one trace drop or reorder columns (the Alibaba v2023
// multigpu* pod lists have 5 of the 11 columns).
//
// A row that cannot be used is either fatal (ConfigError naming file:line:column and the
// column's name) or skipped and counted, as the caller chooses: a scenario run wants to stop
// at the first bad row, a survey of a large dirty trace wants the good rows and a tally.
// Problems with the file itself (missing, empty, no usable header) are always fatal.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dcsim/base/diagnostic.hpp"

namespace dcsim {

/// What a trace reader does with a row it cannot use.
enum class OnBadRow {
  kStop,  ///< throw ConfigError with the row's Diagnostic
  kSkip,  ///< drop the row, count it and keep its Diagnostic if it is among the first few
};

struct TraceReadOptions {
  OnBadRow on_bad_row = OnBadRow::kStop;
  std::size_t kept_diagnostics = 10;  ///< skipped rows whose Diagnostic is kept for a report
};

/// What a reader has seen so far (complete once it has returned false).
struct TraceReadStats {
  std::size_t data_lines = 0;  ///< non-blank lines after the header
  std::size_t records = 0;     ///< rows turned into records
  std::size_t skipped = 0;     ///< bad rows dropped under OnBadRow::kSkip
  std::vector<Diagnostic> first_problems;  ///< the first TraceReadOptions::kept_diagnostics
  /// The file's last line has no line break. Some published traces are shipped that way
  /// (the Azure LLM ones), so it is not an error by itself; but a file cut in the middle of
  /// a row looks the same, so a bad last row says so in its message.
  bool unterminated_last_line = false;
};

/// A syntax problem in one line: where (1-based byte column) and what.
struct CsvSyntaxError {
  int column = 0;
  std::string message;
};

/// One line split into fields, RFC 4180 style: fields are separated by commas; a field may
/// be enclosed in double quotes and then contain commas, with "" standing for one quote.
/// A quoted field may not span lines: one row is one line, which is what lets a reader
/// stream. Nothing is trimmed; a quote inside an unquoted field is kept as text.
/// Reused from line to line, so a steady stream of rows allocates nothing.
class CsvFields {
 public:
  /// Splits `line` (without its line break). On error the fields are unusable.
  std::optional<CsvSyntaxError> split(std::string_view line);

  [[nodiscard]] std::size_t size() const { return spans_.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const {
    return std::string_view(text_).substr(spans_[i].begin, spans_[i].size);
  }
  /// 1-based byte column where field `i` starts in the line (its opening quote, if quoted).
  [[nodiscard]] int column(std::size_t i) const { return spans_[i].column; }
  /// Heap bytes held (for the bounded-memory check).
  [[nodiscard]] std::size_t capacity_bytes() const;

 private:
  struct Span {
    std::size_t begin;
    std::size_t size;
    int column;
  };
  std::string text_;  ///< the fields' text, unquoted, back to back
  std::vector<Span> spans_;
};

/// A CSV file with a header line, read row by row. Blank lines are ignored; a line ending in
/// CRLF reads like one ending in LF; a UTF-8 byte-order mark before the header is dropped.
/// Format readers use it as: find columns; then `while (next_row())` read fields with the
/// typed getters, which remember the row's first problem, and call `accept_row()`.
class CsvReader {
 public:
  /// Lines longer than this are bad rows: a bound on memory even for a file with no line
  /// breaks at all (a binary file given by mistake).
  static constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

  /// Opens `path` and reads its header. Throws ConfigError when the file cannot be opened
  /// (line 0), is empty (line 0) or its first line is not a header (line 1).
  explicit CsvReader(std::string path, TraceReadOptions options = {});
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
  /// The index of a column, or nullopt; throws ConfigError if the name appears twice.
  [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;
  /// The index of a column the format needs; throws ConfigError on the header line if absent.
  [[nodiscard]] std::size_t require_column(std::string_view name) const;

  /// Moves to the next row that splits into exactly header().size() fields; rows that do
  /// not are reported (thrown or skipped). False at the end of the file.
  bool next_row();
  /// 1-based line number of the current row.
  [[nodiscard]] int line() const { return line_number_; }

  // Typed access to the current row. A getter that fails records the row's first problem
  // and returns 0 / nullopt; accept_row() then reports it.
  /// The field as written (unquoted); valid until the next next_row().
  [[nodiscard]] std::string_view text(std::size_t column) const { return fields_[column]; }
  /// A field that must not be empty (a name, an id).
  std::string_view nonempty_text(std::size_t column);
  /// An integer in [min, max] ("12"; not "12.0").
  std::int64_t integer(std::size_t column, std::int64_t min = 0,
                       std::int64_t max = std::numeric_limits<std::int64_t>::max());
  /// integer() for values stored as int (counts): at most INT_MAX.
  int small_integer(std::size_t column, int min = 0) {
    return static_cast<int>(integer(column, min, std::numeric_limits<int>::max()));
  }
  /// A finite number >= min ("12", "12.0", "1e3").
  double number(std::size_t column, double min = 0);
  /// Like number(), but an empty field is nullopt (an absent time, say).
  std::optional<double> optional_number(std::size_t column, double min = 0);
  /// Records a problem found by the format's own checks ("expected ..., found ...").
  void fail(std::size_t column, std::string message);
  [[nodiscard]] bool row_failed() const { return row_problem_.has_value(); }

  /// Ends the current row: true when nothing failed; otherwise reports the first problem
  /// (throws under kStop) and returns false.
  bool accept_row();

  [[nodiscard]] const TraceReadStats& stats() const { return stats_; }
  /// Heap bytes the reader holds: the read buffer, the current line and its fields. Does not
  /// grow with the number of rows read.
  [[nodiscard]] std::size_t buffered_bytes() const;

 private:
  struct Source;
  Diagnostic row_diagnostic(int column, std::string key, std::string message) const;
  void report(Diagnostic diagnostic);

  std::string path_;
  TraceReadOptions options_;
  std::unique_ptr<Source> source_;
  std::string line_;
  bool line_terminated_ = true;
  int line_number_ = 0;
  CsvFields fields_;
  std::vector<std::string> header_;
  std::vector<int> header_columns_;  ///< where each name starts on line 1
  std::optional<Diagnostic> row_problem_;
  TraceReadStats stats_;
};

}  // namespace dcsim
