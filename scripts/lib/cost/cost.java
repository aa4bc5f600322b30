// Bundle of scripts/lib/cost: What the environment costs a month at AWS list prices: the Price List API (cached), a built-in table, the estimate.
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
// pricing resolves from the registries labs is used with only at 2.40.2 (as codebuild; it runs on the BOM's newer core)
//DEPS software.amazon.awssdk:pricing:2.40.2
//SOURCES ../data/data.java
//SOURCES BuiltInPrices.java
//SOURCES CostEstimate.java
//SOURCES EnvironmentCost.java
//SOURCES Footprint.java
//SOURCES PriceList.java
//SOURCES PriceSource.java
//SOURCES Prices.java
//SOURCES Pricing.java
