package data

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s, ns int) time.Time {
		return time.Date(y, m, d, h, min, s, ns, time.UTC)
	}
	tests := []struct {
		in         string
		start, end time.Time
		err        string
	}{
		{in: "2019", start: utc(2019, 1, 1, 0, 0, 0, 0), end: utc(2019, 12, 31, 23, 59, 59, 999999999)},
		{in: "2019-02", start: utc(2019, 2, 1, 0, 0, 0, 0), end: utc(2019, 2, 28, 23, 59, 59, 999999999)},
		{in: "2020-02", start: utc(2020, 2, 1, 0, 0, 0, 0), end: utc(2020, 2, 29, 23, 59, 59, 999999999)},
		{in: "2019-02-03", start: utc(2019, 2, 3, 0, 0, 0, 0), end: utc(2019, 2, 3, 23, 59, 59, 999999999)},
		{in: "2019-12-31", start: utc(2019, 12, 31, 0, 0, 0, 0), end: utc(2019, 12, 31, 23, 59, 59, 999999999)},
		{in: "2018/2019-06", start: utc(2018, 1, 1, 0, 0, 0, 0), end: utc(2019, 6, 30, 23, 59, 59, 999999999)},
		{in: "2019-02-03/2019-02-03", start: utc(2019, 2, 3, 0, 0, 0, 0), end: utc(2019, 2, 3, 23, 59, 59, 999999999)},
		{in: "2019-05/2019", err: "ends before it starts"},
		{in: "2019/2019-12", start: utc(2019, 1, 1, 0, 0, 0, 0), end: utc(2019, 12, 31, 23, 59, 59, 999999999)},
		{in: "2019-02-30", err: "February 2019 has 28 days"},
		{in: "2019-13", err: "there is no month 13"},
		{in: "2019-00-10", err: "there is no month 0"},
		{in: "2019-04-31", err: "April 2019 has 30 days"},
		{in: "2020/2019", err: "ends before it starts"},
		{in: "2019-03/2019-02-28", err: "ends before it starts"},
		{in: "2019/2019-03", err: "ends before it starts"},
		{in: "", err: "is not a date"},
		{in: "19", err: "is not a date"},
		{in: "2019-2-3", err: "is not a date"},
		{in: "2019/", err: "is not a date"},
		{in: "2019-02-03T10:00", err: "is not a date"},
		{in: "+2019", err: "is not a date"},
		{in: "2019/2020/2021", err: "is not a date"},
		{in: "２０１９", err: "is not a date"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDate(%q) error = %v; want one containing %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if !got.Start.Equal(tt.start) || !got.End.Equal(tt.end) {
			t.Errorf("ParseDate(%q) = %v to %v; want %v to %v", tt.in, got.Start, got.End, tt.start, tt.end)
		}
	}
}

func TestDateRange(t *testing.T) {
	feb, _ := ParseDate("2019-02")
	mar, _ := ParseDate("2019-03")
	q1, _ := ParseDate("2019-01/2019-03")
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"feb contains its first instant", feb.Contains(feb.Start), true},
		{"feb contains its last instant", feb.Contains(feb.End), true},
		{"feb does not contain march", feb.Contains(mar.Start), false},
		{"feb and march do not overlap", feb.Overlaps(mar), false},
		{"q1 overlaps march", q1.Overlaps(mar), true},
		{"zero overlaps nothing", DateRange{}.Overlaps(feb), false},
		{"zero contains nothing", DateRange{}.Contains(time.Time{}), false},
		{"zero is zero", DateRange{}.IsZero(), true},
		{"feb is not zero", feb.IsZero(), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v", tt.name, tt.got)
		}
	}
}
