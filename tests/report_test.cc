// Machine-readable verdicts parse: KTAP by a strict parser of the kernel's KTAP v1 spec
// (Documentation/dev-tools/ktap.rst), JUnit by its documented structure, JSON by escaping rules.
#include <gtest/gtest.h>

#include <regex>

#include "src/report.h"

namespace daxprop {
namespace {

// Strict KTAP v1: version line, one plan "1..N", then exactly N result lines numbered 1..N in
// order; other lines must be diagnostics ("# ...") or blank. Returns the problem, or "".
std::string check_ktap(const std::string& text, int* passed, int* failed, int* skipped) {
  auto lines = split(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty() || lines[0] != "KTAP version 1") return "first line must be 'KTAP version 1'";
  static const std::regex plan(R"(^1\.\.(\d+)$)");
  static const std::regex result(
      R"(^(ok|not ok) (\d+) ([^#]*[^# ])( # (SKIP|TODO|XFAIL)( .*)?)?$)");
  int planned = -1, next = 1;
  *passed = *failed = *skipped = 0;
  for (size_t i = 1; i < lines.size(); i++) {
    const std::string& l = lines[i];
    std::smatch m;
    if (l.empty() || l[0] == '#') continue;
    if (std::regex_match(l, m, plan)) {
      if (planned >= 0) return "second plan at line " + std::to_string(i + 1);
      planned = std::stoi(m[1]);
      continue;
    }
    if (std::regex_match(l, m, result)) {
      if (planned < 0) return "result before the plan at line " + std::to_string(i + 1);
      if (std::stoi(m[2]) != next) return "result out of order at line " + std::to_string(i + 1);
      next++;
      if (m[5] == "SKIP") {
        if (m[1] != "ok") return "SKIP on 'not ok'";
        if (m[6].str().size() < 2) return "SKIP without a reason";
        (*skipped)++;
      } else {
        (m[1] == "ok" ? *passed : *failed)++;
      }
      continue;
    }
    return "not KTAP: '" + l + "'";
  }
  if (planned != next - 1) return "plan says " + std::to_string(planned) + ", saw " +
                                  std::to_string(next - 1);
  return "";
}

PropertyRun result(const std::string& name, PropertyRun::Status st, const std::string& msg) {
  PropertyRun p;
  p.name = name;
  p.status = st;
  p.message = msg;
  p.cases = 10;
  p.ops = 100;
  return p;
}

RunReport report() {
  RunReport r;
  r.run_id = "r1";
  r.kernel = "6.12.0";
  r.seed = 5;
  r.results.push_back(result("data.memfd.coherence", PropertyRun::Status::kPass, ""));
  r.results.push_back(result("file.anon.size", PropertyRun::Status::kSkip, "anon has no file"));
  r.results.push_back(result("fault.memfd.access", PropertyRun::Status::kFail,
                             "read m0+0x0 len=0x1: expected ok\nline two # with hash <&>"));
  return r;
}

TEST(Ktap, RunOutputIsValidKtap) {
  RunReport r = report();
  std::string k = ktap_header(r, r.results.size());
  for (size_t i = 0; i < r.results.size(); i++) k += ktap_result(r.results[i], i + 1);
  int p, f, s;
  EXPECT_EQ(check_ktap(k, &p, &f, &s), "") << k;
  EXPECT_EQ(p, 1);
  EXPECT_EQ(f, 1);
  EXPECT_EQ(s, 1);
}

TEST(Ktap, TheCheckerRejectsBrokenKtap) {
  int p, f, s;
  EXPECT_NE(check_ktap("TAP version 13\n1..0\n", &p, &f, &s), "");
  EXPECT_NE(check_ktap("KTAP version 1\n1..2\nok 1 a\n", &p, &f, &s), "");
  EXPECT_NE(check_ktap("KTAP version 1\n1..1\nok 2 a\n", &p, &f, &s), "");
  EXPECT_NE(check_ktap("KTAP version 1\n1..1\nnot ok 1 a # SKIP why\n", &p, &f, &s), "");
  EXPECT_NE(check_ktap("KTAP version 1\n1..1\nok 1 a\nstray text\n", &p, &f, &s), "");
}

TEST(Junit, HasTheDocumentedStructureAndEscapes) {
  std::string x = junit_xml(report());
  EXPECT_EQ(x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
  EXPECT_NE(x.find("<testsuites name=\"daxprop\" tests=\"3\" failures=\"1\" errors=\"0\" "
                   "skipped=\"1\""),
            std::string::npos);
  EXPECT_NE(x.find("<testcase classname=\"daxprop.fault.memfd\" name=\"access\""),
            std::string::npos);
  EXPECT_NE(x.find("<skipped message=\"anon has no file\"/>"), std::string::npos);
  EXPECT_NE(x.find("&lt;&amp;&gt;"), std::string::npos);
  EXPECT_EQ(x.find("<&>"), std::string::npos);
  // Balanced elements.
  for (const char* tag : {"testsuites", "testsuite", "testcase", "failure", "properties"}) {
    std::string open = std::string("<") + tag + ">", open_attr = std::string("<") + tag + " ";
    size_t opens = 0, closes = 0;
    for (size_t i = x.find('<'); i != std::string::npos; i = x.find('<', i + 1)) {
      opens += x.compare(i, open.size(), open) == 0 || x.compare(i, open_attr.size(), open_attr) == 0;
      closes += x.compare(i, strlen(tag) + 3, std::string("</") + tag + ">") == 0;
    }
    EXPECT_EQ(opens, closes) << tag;
  }
}

TEST(Json, StringsAreEscaped) {
  EXPECT_EQ(json_str("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  std::string s = summary_json(report());
  EXPECT_NE(s.find("\"counts\": {\"error\": 0, \"fail\": 1, \"pass\": 1, \"skip\": 1, "
                   "\"timeout\": 0, \"xfail\": 0, \"xpass\": 0}"),
            std::string::npos)
      << s;
}

TEST(ExitStatus, FollowsKselftest) {
  RunReport r = report();
  EXPECT_EQ(run_exit_status(r.results), 1);
  r.results.pop_back();
  EXPECT_EQ(run_exit_status(r.results), 0);
  r.results.erase(r.results.begin());
  EXPECT_EQ(run_exit_status(r.results), 4);
}

}  // namespace
}  // namespace daxprop
