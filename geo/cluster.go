package geo

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
)

// Group is a cluster of markers drawn as one numbered marker.
type Group struct {
	// Center is the group position, [lon, lat] in degrees: the mean of its
	// members in Web Mercator.
	Center orb.Point
	// Members are the indices of the grouped points, ascending. A group
	// of one is a single marker.
	Members []int
}

// Cluster groups the points of pts listed in visible (all of pts when
// visible is nil) that overlap on screen in the view v. It is a greedy,
// grid-based clustering in view pixels: points are taken in the order of
// visible, and each point not yet grouped starts a group that takes every
// ungrouped point within radiusPx pixels of it. The result is deterministic
// and ordered by each group's first point. Zooming in spreads the points
// apart, so groups split.
func Cluster(v Viewport, pts []orb.Point, visible []int, radiusPx float64) []Group {
	if visible == nil {
		visible = make([]int, len(pts))
		for i := range visible {
			visible[i] = i
		}
	}
	pr := v.Projector()
	xy := make([]orb.Point, 0, len(visible))
	idx := make([]int, 0, len(visible))
	for _, i := range visible {
		if i < 0 || i >= len(pts) {
			continue
		}
		x, y := pr.Project(pts[i])
		xy = append(xy, orb.Point{x, y})
		idx = append(idx, i)
	}
	var groups []Group
	for _, members := range ClusterPixels(xy, radiusPx) {
		var sx, sy float64
		for k, j := range members {
			ux, uy := ToUnit(pts[idx[j]])
			sx, sy = sx+ux, sy+uy
			members[k] = idx[j]
		}
		slices.Sort(members)
		center := pts[members[0]]
		if k := float64(len(members)); k > 1 {
			center = FromUnit(sx/k, sy/k)
		}
		groups = append(groups, Group{Center: center, Members: members})
	}
	return groups
}

// ClusterPixels groups the positions xy (view pixels) that lie within
// radiusPx of each other, the same greedy grid clustering as Cluster
// without any projection: callers that already know where they draw can
// cluster those positions directly. Each group lists indices into xy, the
// seed first and the rest in the order of xy; groups are ordered by seed.
func ClusterPixels(xy []orb.Point, radiusPx float64) [][]int {
	n := len(xy)
	if n == 0 {
		return nil
	}
	if !(radiusPx > 0) {
		radiusPx = 1e-9
	}
	cellKey := func(cx, cy int) int64 { return int64(cy)<<32 | int64(uint32(cx)) }
	cells := make([]int64, n)
	for i, p := range xy {
		cells[i] = cellKey(floorDiv(p[0], radiusPx), floorDiv(p[1], radiusPx))
	}
	// Bucket the points by grid cell: order lists positions sorted by
	// cell, each cell's points in input order.
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(cells[a], cells[b]) })
	spans := make(map[int64][2]int32, n)
	for s := 0; s < len(order); {
		e := s + 1
		for e < len(order) && cells[order[e]] == cells[order[s]] {
			e++
		}
		spans[cells[order[s]]] = [2]int32{int32(s), int32(e)}
		s = e
	}
	taken := make([]bool, n)
	backing := make([]int, 0, n) // all members, group after group
	r2 := radiusPx * radiusPx
	var groups [][]int
	for i := range xy {
		if taken[i] {
			continue
		}
		taken[i] = true
		start := len(backing)
		backing = append(backing, i)
		seed := xy[i]
		cx, cy := int(int32(uint32(cells[i]))), int(cells[i]>>32)
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				sp, ok := spans[cellKey(cx+dx, cy+dy)]
				if !ok {
					continue
				}
				for _, o := range order[sp[0]:sp[1]] {
					if taken[o] {
						continue
					}
					ddx, ddy := xy[o][0]-seed[0], xy[o][1]-seed[1]
					if ddx*ddx+ddy*ddy <= r2 {
						taken[o] = true
						backing = append(backing, int(o))
					}
				}
			}
		}
		groups = append(groups, backing[start:len(backing):len(backing)])
	}
	return groups
}

// floorDiv returns floor(a/b) as an int.
func floorDiv(a, b float64) int {
	q := a / b
	i := int(q)
	if float64(i) > q {
		i--
	}
	return i
}
