-- River.Typed line typed, version 3 down: drops flow control (limits, buckets, the limited fetch); jobs stay.
DROP FUNCTION /* TEMPLATE: schema */river_typed_flow_fetch(text, integer, text, integer, integer);

DROP TABLE /* TEMPLATE: schema */river_typed_flow_bucket;

DROP TABLE /* TEMPLATE: schema */river_typed_flow_limit;
