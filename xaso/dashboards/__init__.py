"""Province dashboards: progress against the plan, bottlenecks, communes one step away, a
map, trends and "what if", all computed live from raw counts by the engine."""
