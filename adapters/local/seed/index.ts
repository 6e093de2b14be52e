export { SAMPLE_BUCKET, SAMPLE_BUCKET_URL, sampleBucketDir, seedSampleBucket } from './sampleBucket.js';
