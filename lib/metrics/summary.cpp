#include "dcsim/metrics/summary.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace dcsim {

const Metric* Summary::find(std::string_view name) const {
  for (const auto& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

namespace {

// Insertion order kept: the file reads in the order it is written, timing last.
using Json = nlohmann::ordered_json;

// JSON has no NaN or infinity: such a number is written as null (beside a "reason").
Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

Json text_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

bool all_finite(const Metric& m) {
  const auto finite = [](const std::optional<double>& x) { return !x || std::isfinite(*x); };
  return std::isfinite(m.value) && finite(m.ci95_lo) && finite(m.ci95_hi) && finite(m.theory);
}

// Why a metric has a null, when its producer did not say: the usual causes, read from the
// counts and from which number is missing.
std::string reason_for(const Summary& s, const Metric& m) {
  if (!m.reason.empty()) return m.reason;
  for (const auto& [name, n] : s.counts) {
    if (name == "completions" && n == 0) return "no completed jobs";
  }
  if (std::isfinite(m.value) && (!m.theory || std::isfinite(*m.theory))) {
    return "too few observations for a 95% interval (fewer than report.batches)";
  }
  return "not a finite number";
}

Json metric_json(const Summary& s, const Metric& m) {
  Json j = Json::object();
  j["mean"] = number_or_null(m.value);
  if (m.ci95_lo) {
    j["ci95"] = std::isfinite(*m.ci95_lo) && std::isfinite(*m.ci95_hi) ? Json::array({*m.ci95_lo, *m.ci95_hi}) : Json(nullptr);
  }
  if (!m.unit.empty()) j["unit"] = m.unit;
  if (m.theory) {
    j["theory"] = number_or_null(*m.theory);
    j["theory_source"] = m.theory_source;
  }
  if (!all_finite(m)) j["reason"] = reason_for(s, m);
  return j;
}

}  // namespace

std::string to_json(const Summary& s) {
  Json j = Json::object();
  j["scenario"] = s.scenario;
  j["file"] = s.file;
  j["seed"] = s.seed;
  j["overrides"] = s.overrides;
  j["dcsim_version"] = text_or_null(s.dcsim_version);
  j["commit"] = text_or_null(s.commit);
  j["date"] = text_or_null(s.date);
  j["command_line"] = s.command_line;
  j["notes"] = s.notes;
  Json& counts = j["counts"] = Json::object();
  for (const auto& [name, n] : s.counts) counts[name] = n;
  Json& metrics = j["metrics"] = Json::object();
  for (const auto& m : s.metrics) metrics[m.name] = metric_json(s, m);
  metrics["events"] = {{"mean", s.events}};
  // The two timing entries last: they are the only numbers that differ between two runs of one seed.
  metrics["wall_seconds"] = {{"mean", number_or_null(s.wall_seconds)}, {"unit", "s"}};
  metrics["events_per_second"] = {{"mean", number_or_null(s.events_per_second())}, {"unit", "events/s"}};
  // Paths and --set text are bytes from the user: invalid UTF-8 becomes U+FFFD rather than
  // an exception or a file no JSON reader accepts.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string to_table(const Summary& s) {
  std::size_t w = 28;  // the name column fits the longest name
  for (const auto& m : s.metrics) w = std::max(w, m.name.size());
  for (const auto& c : s.counts) w = std::max(w, c.first.size());
  std::string out = fmt::format("scenario {} (seed {}, {})\n", s.scenario, s.seed, s.file);
  for (const auto& o : s.overrides) out += fmt::format("  override {}\n", o);
  out += fmt::format("{:<{}} {:>14} {:>31} {:>14}  {}\n", "metric", w, "estimate", "95% interval", "theory", "unit");
  for (const auto& m : s.metrics) {
    const std::string ci = m.ci95_lo ? fmt::format("[{:.6g}, {:.6g}]", *m.ci95_lo, *m.ci95_hi) : "";
    const std::string theory = m.theory ? fmt::format("{:.6g}", *m.theory) : "";
    out += fmt::format("{:<{}} {:>14.6g} {:>31} {:>14}  {}{}\n", m.name, w, m.value, ci, theory, m.unit,
                       m.theory ? " (" + m.theory_source + ")" : "");
  }
  for (const auto& [name, value] : s.counts) out += fmt::format("{:<{}} {:>14}\n", name, w, value);
  out += fmt::format("{:<{}} {:>14}\n", "events", w, s.events);
  out += fmt::format("{:<{}} {:>14.4f}  s\n", "wall_seconds", w, s.wall_seconds);
  out += fmt::format("{:<{}} {:>14.0f}  events/s\n", "events_per_second", w, s.events_per_second());
  for (const auto& note : s.notes) out += "note: " + note + "\n";
  return out;
}

}  // namespace dcsim

namespace dcsim {

std::string to_kv(const Summary& s) {
  std::string out = fmt::format("scenario={}\nseed={}\n", s.scenario, s.seed);
  for (const auto& [name, value] : s.counts) out += fmt::format("{}={}\n", name, value);
  for (const auto& m : s.metrics) {
    out += fmt::format("{}={:.9g}\n", m.name, m.value);
    if (m.ci95_lo) out += fmt::format("{0}_ci95_lo={1:.9g}\n{0}_ci95_hi={2:.9g}\n", m.name, *m.ci95_lo, *m.ci95_hi);
  }
  out += fmt::format("events={}\nwall_s={:.6f}\nevents_per_s={:.0f}\n", s.events, s.wall_seconds, s.events_per_second());
  for (const auto& [key, value] : s.peer_keys) out += fmt::format("{}={}\n", key, value);
  return out;
}

std::string to_csv(const Table& t) {
  const auto cell = [](const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (const char c : v) {
      if (c == '"') q += '"';
      q += c;
    }
    return q + "\"";
  };
  std::string out;
  const auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cell(cells[i]);
    out += "\n";
  };
  line(t.columns);
  for (const auto& row : t.rows) line(row);
  return out;
}

}  // namespace dcsim
