#include "dcsim/metrics/summary.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dcsim {

const Metric* Summary::find(std::string_view name) const {
  for (const auto& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string number(double x) { return fmt::format("{:.17g}", x); }

}  // namespace

std::string to_json(const Summary& s) {
  std::string out = "{\n";
  out += fmt::format("  \"scenario\": {},\n  \"file\": {},\n  \"seed\": {},\n", quoted(s.scenario), quoted(s.file), s.seed);
  out += "  \"overrides\": [";
  for (std::size_t i = 0; i < s.overrides.size(); ++i) out += (i ? ", " : "") + quoted(s.overrides[i]);
  out += "],\n  \"notes\": [";
  for (std::size_t i = 0; i < s.notes.size(); ++i) out += (i ? ", " : "") + quoted(s.notes[i]);
  out += "],\n  \"counts\": {";
  for (std::size_t i = 0; i < s.counts.size(); ++i) {
    out += fmt::format("{}\n    {}: {}", i ? "," : "", quoted(s.counts[i].first), s.counts[i].second);
  }
  out += "\n  },\n  \"metrics\": {";
  for (std::size_t i = 0; i < s.metrics.size(); ++i) {
    const Metric& m = s.metrics[i];
    out += fmt::format("{}\n    {}: {{\"mean\": {}", i ? "," : "", quoted(m.name), number(m.value));
    if (m.ci95_lo) out += fmt::format(", \"ci95\": [{}, {}]", number(*m.ci95_lo), number(*m.ci95_hi));
    if (!m.unit.empty()) out += fmt::format(", \"unit\": {}", quoted(m.unit));
    if (m.theory) out += fmt::format(", \"theory\": {}, \"theory_source\": {}", number(*m.theory), quoted(m.theory_source));
    out += "}";
  }
  out += fmt::format(",\n    \"events\": {{\"mean\": {}}}", s.events);
  out += fmt::format(",\n    \"wall_seconds\": {{\"mean\": {}, \"unit\": \"s\"}}", number(s.wall_seconds));
  out += fmt::format(",\n    \"events_per_second\": {{\"mean\": {}, \"unit\": \"events/s\"}}", number(s.events_per_second()));
  out += "\n  }\n}\n";
  return out;
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

}  // namespace dcsim
