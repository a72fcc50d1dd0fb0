DROP FUNCTION /* TEMPLATE: schema */river_typed_leader_fence(bigint);

DROP TABLE /* TEMPLATE: schema */river_typed_fence;

DROP TABLE /* TEMPLATE: schema */river_typed_client;
