#pragma once
// Errors in what a user gave us (scenario files, --set overrides, traces). Each names where
// (file:line:column), which key (a dotted path such as `service.mean`), what was expected and
// what was found, so one line is enough to fix the input.
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dcsim {

struct SourceLocation {
  SourceLocation(std::string file_name, int line_number = 0, int column_number = 0)
      : file(std::move(file_name)), line(line_number), column(column_number) {}

  std::string file;  ///< as the user wrote it, or "command line (...)" for --set
  int line;          ///< 1-based; 0 when unknown (e.g. a missing file)
  int column;        ///< 1-based; 0 when unknown
};

/// One problem found in user input.
struct Diagnostic {
  Diagnostic(SourceLocation location, std::string key, std::string text)
      : where(std::move(location)), key_path(std::move(key)), message(std::move(text)) {}

  SourceLocation where;
  std::string key_path;  ///< e.g. "service.mean"; empty for file-level problems
  std::string message;   ///< "expected ..., found ..."

  /// `file:line:column: key.path: message`
  [[nodiscard]] std::string str() const;
};

/// How a value the user gave is quoted in a message: in double quotes, non-printable bytes
/// escaped (\x00, \n) and cut after kQuotedChars characters with "...", so a binary file or a
/// 400-digit number cannot flood the terminal: `"abc"`, `"\x7fELF\x02..."`.
inline constexpr std::size_t kQuotedChars = 60;
[[nodiscard]] std::string quoted_excerpt(std::string_view text);

/// Thrown when user input is invalid; holds every problem found (up to a limit).
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  explicit ConfigError(Diagnostic diagnostic);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace dcsim
