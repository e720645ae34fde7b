#include "dcsim/base/diagnostic.hpp"

#include <gtest/gtest.h>

namespace dcsim {

TEST(Diagnostic, NamesFileLineColumnKeyAndMessage) {
  Diagnostic d{{"mmc.yaml", 4, 9}, "service.mean", "expected a duration, found \"x\""};
  EXPECT_EQ(d.str(), "mmc.yaml:4:9: service.mean: expected a duration, found \"x\"");
}

TEST(Diagnostic, OmitsUnknownPositionAndEmptyKey) {
  Diagnostic d{{"missing.yaml", 0, 0}, "", "cannot open file"};
  EXPECT_EQ(d.str(), "missing.yaml: cannot open file");
}

TEST(ConfigError, JoinsSeveralDiagnosticsOnePerLine) {
  ConfigError e({Diagnostic{{"a.yaml", 1, 1}, "x", "bad"}, Diagnostic{{"a.yaml", 2, 3}, "y", "worse"}});
  EXPECT_STREQ(e.what(), "a.yaml:1:1: x: bad\na.yaml:2:3: y: worse");
  EXPECT_EQ(e.diagnostics().size(), 2u);
}

TEST(QuotedExcerpt, QuotesEscapesAndCuts) {
  EXPECT_EQ(quoted_excerpt("abc"), "\"abc\"");
  EXPECT_EQ(quoted_excerpt(std::string("a\0b\n\t\x7f", 6)), "\"a\\x00b\\n\\t\\x7f\"");
  EXPECT_EQ(quoted_excerpt("caf\xc3\xa9 \xff"), "\"caf\xc3\xa9 \\xff\"");  // UTF-8 kept, a stray byte escaped
  EXPECT_EQ(quoted_excerpt(std::string(400, '7')), "\"" + std::string(kQuotedChars, '7') + "...\"");
  EXPECT_EQ(quoted_excerpt(std::string(kQuotedChars, 'x')), "\"" + std::string(kQuotedChars, 'x') + "\"");
}

}  // namespace dcsim
