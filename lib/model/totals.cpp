#include "dcsim/model/totals.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dcsim {

long CenterTotals::accelerator_count() const {
  long n = 0;
  for (const auto& [chip, count] : accelerators) n += count;
  return n;
}

namespace {

void add(CenterTotals& sum, const CenterTotals& t) {
  for (const auto& [chip, count] : t.accelerators) sum.accelerators[chip] += count;
  sum.servers += t.servers;
  sum.racks_built += t.racks_built;
  sum.racks_populated += t.racks_populated;
  sum.it_peak_w += t.it_peak_w;
  sum.it_idle_w += t.it_idle_w;
  sum.facility_peak_w += t.facility_peak_w;
  sum.rack_budget_w += t.rack_budget_w;
  sum.densest_rack_w = std::max(sum.densest_rack_w, t.densest_rack_w);
  for (std::size_t p = 0; p < kPrecisionCount; ++p) sum.peak_ops[p] += t.peak_ops[p];
}

}  // namespace

CenterTotals totals(const DatacenterSpec& dc, const CenterSpec& center) {
  CenterTotals t;
  t.center = center.id;
  for (const auto& group : center.rack_groups) {
    const RackSpec* rack = dc.rack(group.rack_type);
    t.racks_built += group.built;
    t.racks_populated += group.populated_racks();
    t.rack_budget_w += group.built * (rack ? rack->power_budget_w : 0.0);
    for (const auto& pop : group.populated) {
      double rack_peak = 0;
      for (const auto& [id, count] : pop.servers) {
        const ServerSpec* s = dc.server(id);
        if (s == nullptr) continue;
        const long n = static_cast<long>(count) * pop.racks;
        t.servers += n;
        t.it_peak_w += n * s->peak_w;
        t.it_idle_w += n * s->idle_w;
        rack_peak += count * s->peak_w;
        if (const ChipSpec* chip = dc.chip(s->chip); chip != nullptr && s->chips > 0) {
          t.accelerators[chip->id] += n * s->chips;
          for (std::size_t p = 0; p < kPrecisionCount; ++p) t.peak_ops[p] += double(n) * s->chips * chip->throughput[p];
        }
      }
      t.densest_rack_w = std::max(t.densest_rack_w, rack_peak);
    }
  }
  t.facility_peak_w = t.it_peak_w * center.cooling.pue;
  return t;
}

CenterTotals totals(const DatacenterSpec& dc) {
  CenterTotals sum;
  sum.center = "all";
  for (const auto& c : dc.centers) add(sum, totals(dc, c));
  return sum;
}

namespace {

std::string describe_one(const DatacenterSpec& dc, const CenterTotals& t, const CenterSpec* c) {
  std::string out;
  if (c != nullptr) {
    out += fmt::format("center {}{}\n", c->id, c->site.region.empty() ? "" : " (" + c->site.region + ")");
  } else {
    out += "all centers\n";
  }
  out += fmt::format("  accelerators   {}", t.accelerator_count());
  std::string by_chip;
  for (const auto& [chip, count] : t.accelerators) by_chip += fmt::format("{}{} {}", by_chip.empty() ? "" : ", ", count, chip);
  out += by_chip.empty() ? "\n" : " (" + by_chip + ")\n";
  std::string peaks;
  for (std::size_t p = 0; p < kPrecisionCount; ++p) {
    if (t.peak_ops[p] > 0) peaks += fmt::format("{}{} {:.1f}", peaks.empty() ? "" : ", ", kPrecisionNames[p], t.peak_ops[p] / 1e15);
  }
  if (!peaks.empty()) out += fmt::format("  peak PFLOPS    {}  (int8: POPS; dense)\n", peaks);
  out += fmt::format("  servers        {}\n", t.servers);
  out += fmt::format("  racks          {} built, {} populated (racked ratio {:.0f}%)\n", t.racks_built, t.racks_populated,
                     100 * t.racked_ratio());
  out += fmt::format("  IT power       {:.1f} kW peak, {:.1f} kW idle; budget of built racks {:.1f} kW\n", t.it_peak_w / 1e3,
                     t.it_idle_w / 1e3, t.rack_budget_w / 1e3);
  if (c != nullptr) {
    out += fmt::format("  facility       {:.1f} kW at peak IT load (PUE {:g})\n", t.facility_peak_w / 1e3, c->cooling.pue);
    if (c->site.electricity_price) {
      const auto& price = *c->site.electricity_price;
      out += fmt::format("  electricity    {:g} {}/kWh\n", price.amount * 3.6e6, price.currency);
    }
    for (const auto& g : c->rack_groups) {
      const RackSpec* rack = dc.rack(g.rack_type);
      if (rack == nullptr) continue;
      out += fmt::format("  rack type {:<14} {} built, {} populated; budget {:g} kW, {} cooling\n", rack->id, g.built,
                         g.populated_racks(), rack->power_budget_w / 1e3, name(rack->cooling));
      for (const auto& pop : g.populated) {
        double peak = 0;
        std::string contents;
        for (const auto& [id, count] : pop.servers) {
          if (const ServerSpec* s = dc.server(id)) peak += count * s->peak_w;
          contents += fmt::format("{}{} x {}", contents.empty() ? "" : " + ", count, id);
        }
        out += fmt::format("    {} racks of {}: {:.1f} kW per rack at peak\n", pop.racks, contents, peak / 1e3);
      }
    }
  } else {
    out += fmt::format("  facility       {:.1f} kW at peak IT load\n", t.facility_peak_w / 1e3);
  }
  return out;
}

}  // namespace

std::string describe(const DatacenterSpec& dc) {
  std::string out;
  for (const auto& c : dc.centers) out += describe_one(dc, totals(dc, c), &c);
  if (dc.centers.size() > 1) out += describe_one(dc, totals(dc), nullptr);
  for (const auto& w : dc.wan) {
    out += fmt::format("wan {} <-> {}: {:g} Gbit/s, {:g} ms\n", w.from, w.to, w.link.bandwidth * 8 / 1e9, w.link.latency_s * 1e3);
  }
  return out;
}

std::string describe_chips(const std::vector<ChipSpec>& chips) {
  std::string out = fmt::format("{:<16} {:<10} {:<4} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>6} {:>6}  {}\n", "id", "vendor",
                                "kind", "fp64", "fp32", "bf16", "fp8", "int8", "mem GB", "TDP W", "idle W", "price");
  const auto tf = [](const ChipSpec& c, Precision p) {
    return c.supports(p) ? fmt::format("{:g}", c.ops_per_second(p) / 1e12) : std::string("-");
  };
  for (const auto& c : chips) {
    out += fmt::format("{:<16} {:<10} {:<4} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>6g} {:>6g}  {}\n", c.id, c.vendor, name(c.kind),
                       tf(c, Precision::kFp64), tf(c, Precision::kFp32), tf(c, Precision::kBf16), tf(c, Precision::kFp8),
                       tf(c, Precision::kInt8), c.memory_bytes > 0 ? fmt::format("{:g}", c.memory_bytes / 1e9) : "-", c.tdp_w,
                       c.idle_w, c.price ? fmt::format("{:g} {}", c.price->amount, c.price->currency) : "-");
  }
  out += "throughput in dense TFLOPS (int8: TOPS); - = not supported or not published\n";
  return out;
}

}  // namespace dcsim
