#pragma once
// What one run reports: counts, metrics with their 95% intervals and, where queueing theory
// has a closed form for the model, the exact value beside the estimate. Writers render it as
// summary.json, a table for people, or key=value lines for scripts.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dcsim {

struct Metric {
  std::string name;                  ///< snake_case, e.g. "wait_in_queue"
  double value = 0;                  ///< the estimate (a mean, a ratio)
  std::optional<double> ci95_lo;     ///< 95% interval, when one is estimated
  std::optional<double> ci95_hi;
  std::string unit;                  ///< "h", "events/s"; empty for ratios
  std::optional<double> theory;      ///< closed-form value, when it applies
  std::string theory_source;         ///< e.g. "Erlang C"
  /// Why the value, the interval or the theory is not a finite number, e.g. "no completed
  /// jobs"; summary.json writes such numbers as null beside this reason (a default one when
  /// empty). Appended last: Metric is built by positional aggregate initialisation.
  std::string reason{};
};

/// A table a run writes beside summary.json (e.g. racks.csv): one row per item, text cells.
struct Table {
  std::string file;                          ///< its name in the run folder, e.g. "racks.csv"
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

/// The table as CSV (RFC 4180: a cell with a comma, a quote or a line break is quoted).
[[nodiscard]] std::string to_csv(const Table& t);

struct Summary {
  std::string scenario;
  std::string file;
  std::uint64_t seed = 0;
  std::vector<std::string> overrides;  ///< the --set arguments, as given
  std::vector<std::pair<std::string, std::uint64_t>> counts;
  std::vector<Metric> metrics;
  /// Extra key=value names for --format kv: the names the reference-workload peers print
  /// (shared/peers/run_peers.sh reads them), so dcsim is timed in the same run as they are.
  std::vector<std::pair<std::string, std::string>> peer_keys;
  double wall_seconds = 0;             ///< simulation only (loading and writing excluded)
  std::uint64_t events = 0;
  /// What a reader must know to read the figures right (every job of a tenant rejected, and
  /// why; a stop that came before the completions asked for).
  std::vector<std::string> notes;
  /// Tables written into the run folder beside summary.json (not printed); several
  /// replications' rows are concatenated, each row naming its replication.
  std::vector<Table> tables;
  // Where the result comes from, set by the program that ran it (empty: written as null).
  std::string dcsim_version{};             ///< dcsim::version()
  std::string commit{};                    ///< dcsim::commit()
  std::string date{};                      ///< when the run started, UTC ISO 8601 ("2026-11-25T10:00:00Z")
  std::vector<std::string> command_line{};  ///< argv as given, one string per argument

  [[nodiscard]] const Metric* find(std::string_view name) const;
  [[nodiscard]] double events_per_second() const { return wall_seconds > 0 ? events / wall_seconds : 0.0; }
};

/// summary.json (docs/summary-json.md). Numbers are written in the shortest form that reads
/// back to the same double, NaN and infinity as null with a "reason", text as valid UTF-8
/// (invalid bytes become U+FFFD). The same run writes the same bytes apart from "date" and the
/// two timing entries (wall_seconds, events_per_second), which come last.
[[nodiscard]] std::string to_json(const Summary& s);
/// A table for the terminal.
[[nodiscard]] std::string to_table(const Summary& s);

}  // namespace dcsim

namespace dcsim {
/// key=value lines: each count, each metric (`name`, `name_ci95_lo`, `name_ci95_hi`), then
/// events, wall_s and events_per_s.
[[nodiscard]] std::string to_kv(const Summary& s);
}  // namespace dcsim
