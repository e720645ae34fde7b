#pragma once
// Checked reading of a YAML document (private to lib/): every accessor knows the key path
// it reads, records a Diagnostic with file:line:column on a problem instead of throwing,
// so one pass reports every error; `finish()` throws them together.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dcsim/base/diagnostic.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/scenario/scenario.hpp"
#include "dcsim/base/units.hpp"

namespace dcsim::detail {

class YamlReader {
 public:
  static constexpr std::size_t kMaxDiagnostics = 20;

  /// `allowed_folders`: folders, besides the scenario file's own folder tree, that the
  /// scenario may read files from (--allow-path).
  YamlReader(std::string file, std::vector<Override> overrides, std::vector<std::string> allowed_folders = {});

  /// Parses the file, merges what it includes (`include:`), applies the overrides; throws
  /// ConfigError on a missing file, a syntax error or a bad include (nothing more can be read).
  ///
  /// Include merge rules: the including file wins. Mappings merge key by key, recursively;
  /// lists of mappings that carry an `id` merge by id (an item with an included id replaces
  /// it whole, new ids are appended); any other value replaces the included one. Include paths
  /// are relative to the including file.
  YAML::Node load();

  /// A file the scenario names at `node` (`path` is its key path; `what` names it in messages,
  /// "trace file"): the text resolved against the scenario file's folder, checked against the
  /// path rules (inside the scenario's folder tree or an allowed folder, never under /proc,
  /// /sys or /dev) and for being a regular file. Reports a problem and returns nullopt.
  std::optional<std::string> input_file(const YAML::Node& node, std::string_view path, std::string_view what);
  /// Every file read or named so far (the scenario, its includes, traces), as resolved.
  [[nodiscard]] const std::vector<std::string>& input_files() const { return inputs_; }
  /// The allowed folders (the scenario's own first) that hold the files named by input_file().
  [[nodiscard]] std::vector<std::string> folders_read() const;
  /// True when the top-level key was in the file (or its includes), not only added by --set.
  [[nodiscard]] bool in_file(std::string_view key) const;
  /// `root` as YAML text that loads alone to the same scenario: includes merged (load()
  /// removed them), overrides applied, every file input_file() resolved written as an absolute
  /// path, and `name:` written out first.
  [[nodiscard]] std::string resolved_text(const YAML::Node& root, const std::string& name) const;
  /// An override as messages show it: "--set key=value", a long value cut.
  static std::string shown(const Override& o);

  static std::string join(std::string_view path, std::string_view key);

  void error(const YAML::Node& at, std::string_view path, std::string message);
  /// A problem located elsewhere (in a trace the scenario names).
  void add(Diagnostic diagnostic);
  /// Reports keys of `map` that are not in `allowed` (suggesting the closest allowed one).
  void allow_only(const YAML::Node& map, std::string_view path, std::initializer_list<std::string_view> allowed);
  /// True when `node` is a mapping; reports it otherwise.
  bool expect_map(const YAML::Node& node, std::string_view path);
  /// The child `key` of `map`, reporting it when missing.
  std::optional<YAML::Node> required(const YAML::Node& map, std::string_view path, std::string_view key);

  std::optional<std::int64_t> integer(const YAML::Node& node, std::string_view path, std::int64_t min, std::int64_t max);
  /// A run's seed (dcsim/scenario/seed.hpp: the same rule as --seed).
  std::optional<std::uint64_t> seed(const YAML::Node& node, std::string_view path);
  /// A plain number (no unit) with `min < value` (or `min <= value` when inclusive).
  std::optional<double> number(const YAML::Node& node, std::string_view path, double min, bool inclusive);
  /// A plain number within lo..hi, each end included or not; otherwise reports "expected
  /// <what>, from lo to hi (or above lo, at most hi, below hi), found ...".
  std::optional<double> number_in(const YAML::Node& node, std::string_view path, double lo, bool lo_inclusive, double hi,
                                  bool hi_inclusive, std::string_view what);
  /// `engine.resolution`: the length of a tick, from 1 ns to 1 h. Every duration read after it
  /// is checked against it (see quantity()), so it is read first.
  std::optional<TimeScale> resolution(const YAML::Node& node, std::string_view path);
  [[nodiscard]] const TimeScale& time_scale() const { return time_; }
  /// How the tick range reads in a message: "2^63 ticks of 1 us = 292,471 years".
  [[nodiscard]] std::string tick_range() const;
  /// The length of a tick as written: "1 us".
  [[nodiscard]] std::string tick_text() const;

  /// A quantity of `dimension` that must be > 0 (or >= 0 when zero_allowed), in SI. A duration
  /// (and a rate's mean gap, 1 / rate) must also be a whole number of ticks once rounded: not
  /// 0 ticks unless it is 0, and within the tick range.
  std::optional<double> quantity(const YAML::Node& node, std::string_view path, Dimension dimension, bool zero_allowed);
  std::optional<std::string> string(const YAML::Node& node, std::string_view path);
  /// true or false (YAML's other spellings, yes/on/..., are refused: one way to write it).
  std::optional<bool> boolean(const YAML::Node& node, std::string_view path, std::string_view meaning = {});
  /// A non-empty list; reports anything else.
  bool expect_list(const YAML::Node& node, std::string_view path);

  [[nodiscard]] bool ok() const { return diagnostics_.empty(); }
  /// Throws every recorded problem as one ConfigError.
  void finish() const;

  /// How a node reads in an error message: "\"abc\"", "a list", "a mapping", "nothing".
  static std::string found(const YAML::Node& node);

 private:
  SourceLocation locate(const YAML::Node& at, std::string_view path) const;
  void apply(YAML::Node& root, const Override& o);
  YAML::Node parse(const std::string& file, const SourceLocation& asked_from) const;
  YAML::Node load_with_includes(const std::string& file, const SourceLocation& asked_from,
                                std::vector<std::string>& chain);

  // Included files; their nodes are tagged "!dcsim-origin:<index>" so an error inside them
  // names that file (a tag lives in the node's shared data, so it survives the merge).
  std::vector<std::string> included_files_;

  /// Why `seconds` (positive) cannot be a duration in ticks, or nullopt when it can.
  [[nodiscard]] std::optional<std::string> tick_problem(double seconds) const;

  /// Why `resolved` (as written: `written`) may not be read, or nullopt.
  [[nodiscard]] std::optional<std::string> path_problem(const std::string& resolved, const std::string& written) const;

  std::string file_;
  std::vector<Override> overrides_;
  std::vector<std::string> roots_;  // canonical: the scenario's folder, then the allowed folders
  std::vector<std::string> inputs_;
  std::vector<std::pair<YAML::Node, std::string>> resolved_files_;  // node naming a file, its absolute path
  std::vector<std::size_t> roots_used_;
  std::vector<std::string> file_keys_;  // top-level keys before the overrides
  TimeScale time_;  // engine.resolution once read; the default until then
  std::vector<Diagnostic> diagnostics_;
  bool truncated_ = false;
};

}  // namespace dcsim::detail
